"""Writes a Keras 2 HDF5 model file from a TF.js layers model (topology JSON + weights manifest +
the raw weight bytes), so that Deeplearning4j's KerasModelImport can load it.

Usage: /usr/bin/python3 tfjs_to_keras_h5.py MODEL.json WEIGHTS.bin OUT.h5
MODEL.json holds {"modelTopology": ..., "weightsManifest": [...]} as TF.js writes it. uint8-quantized
weights are dequantized as min + scale * q (TF.js's affine scheme). Needs Debian's python3-h5py.
"""
import json
import os
import sys

import h5py
import numpy as np


def floats_for_int_max_value(layer):
    # TF.js writes ReLU(max_value=6) as the int 6; DL4J's importer wants a float.
    cfg = layer.get("config", {})
    if isinstance(cfg.get("max_value"), int):
        cfg["max_value"] = float(cfg["max_value"])


def read_weights(manifest, blob):
    weights = {}
    offset = 0
    for group in manifest:
        for spec in group["weights"]:
            count = int(np.prod(spec["shape"])) if spec["shape"] else 1
            quant = spec.get("quantization")
            if quant:
                if quant["dtype"] != "uint8":
                    raise SystemExit("unsupported quantization dtype %s for %s" % (quant["dtype"], spec["name"]))
                q = np.frombuffer(blob, dtype=np.uint8, count=count, offset=offset)
                offset += count
                values = (quant["min"] + quant["scale"] * q.astype(np.float64)).astype(np.float32)
            else:
                if spec["dtype"] != "float32":
                    raise SystemExit("unsupported dtype %s for %s" % (spec["dtype"], spec["name"]))
                values = np.frombuffer(blob, dtype=np.float32, count=count, offset=offset)
                offset += 4 * count
            weights[spec["name"]] = values.reshape(spec["shape"])
    if offset != len(blob):
        raise SystemExit("weights file has %d bytes, the manifest describes %d" % (len(blob), offset))
    return weights


def main(model_json, weights_bin, out_h5):
    with open(model_json) as f:
        model = json.load(f)
    with open(weights_bin, "rb") as f:
        blob = f.read()
    topology = model["modelTopology"]
    config = topology["model_config"]
    for layer in config["config"]["layers"]:
        floats_for_int_max_value(layer)
    weights = read_weights(model["weightsManifest"], blob)

    # Keras stores each layer's weights under model_weights/<layer>/<layer>/<name>:0, listed in
    # the layer group's weight_names attribute in the order the layer creates them.
    by_layer = {}
    for name, value in weights.items():
        layer = name.split("/")[0]
        by_layer.setdefault(layer, []).append((name, value))

    tmp = out_h5 + ".tmp"
    # model_config exceeds HDF5's 64 KB attribute limit of the old file format: use the latest.
    with h5py.File(tmp, "w", libver="latest") as h5:
        h5.attrs["keras_version"] = topology.get("keras_version", "2.2.4").encode()
        h5.attrs["backend"] = topology.get("backend", "tensorflow").encode()
        h5.attrs["model_config"] = json.dumps(config).encode()
        training = topology.get("training_config")
        if training:
            # With the loss, DL4J's importer adds a trainable output layer. It reads the optimizer's
            # numbers as doubles, and TF.js writes whole ones (decay: 0) as ints.
            opt = training.get("optimizer_config", {}).get("config", {})
            for k, v in opt.items():
                if isinstance(v, int) and not isinstance(v, bool):
                    opt[k] = float(v)
            h5.attrs["training_config"] = json.dumps(training).encode()
        mw = h5.create_group("model_weights")
        names = [layer["config"]["name"] for layer in config["config"]["layers"]]
        mw.attrs["layer_names"] = [n.encode() for n in names]
        mw.attrs["keras_version"] = h5.attrs["keras_version"]
        mw.attrs["backend"] = h5.attrs["backend"]
        for layer in names:
            g = mw.create_group(layer)
            entries = by_layer.pop(layer, [])
            g.attrs["weight_names"] = [(n + ":0").encode() for n, _ in entries]
            for n, value in entries:
                g.create_dataset(n + ":0", data=value)
        if by_layer:
            raise SystemExit("weights of unknown layers: %s" % sorted(by_layer))
    os.replace(tmp, out_h5)  # a reader never sees a half-written file


if __name__ == "__main__":
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    main(*sys.argv[1:])
