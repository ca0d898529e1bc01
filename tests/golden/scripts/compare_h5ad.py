"""Every key of an input .h5ad is still in the exported copy, with the same values.

  compare_h5ad.py INPUT OUTPUT MATRIX N_GENES_IN_RUN

Checks with anndata: X, raw (X and var), layers, obs and var (every column, index),
obsm, varm, obsp, varp and uns (recursively) equal to the input's; the deepmapper_* var
columns are added to the analysed matrix's var table (raw.var for raw.X) with NaN for the
genes the run left out; uns['deepmapper'] holds the run record. Prints what it checked.
"""
import json
import sys

import anndata
import numpy as np
import pandas as pd
import scipy.sparse as sp


def same_array(a, b, what):
    if sp.issparse(a) or sp.issparse(b):
        a = a.toarray() if sp.issparse(a) else np.asarray(a)
        b = b.toarray() if sp.issparse(b) else np.asarray(b)
    a, b = np.asarray(a), np.asarray(b)
    assert a.shape == b.shape, (what, a.shape, b.shape)
    if a.dtype.kind in "fc":
        assert np.array_equal(a, b, equal_nan=True), what
    else:
        assert np.array_equal(a, b), what


def same_frame(a, b, what, ignore_prefix=None):
    assert list(a.index) == list(b.index), what + " index"
    for c in a.columns:
        assert c in b.columns, (what, c, list(b.columns))
        if isinstance(a[c].dtype, pd.CategoricalDtype):
            assert list(a[c].cat.categories) == list(b[c].cat.categories), (what, c)
        assert a[c].equals(b[c]) or same_values(a[c], b[c]), (what, c)
    extra = [c for c in b.columns if c not in a.columns]
    assert all(ignore_prefix and c.startswith(ignore_prefix) for c in extra), (what, extra)


def same_values(a, b):
    try:
        return np.array_equal(np.asarray(a, dtype=float), np.asarray(b, dtype=float), equal_nan=True)
    except (TypeError, ValueError):
        return list(a) == list(b)


def same_tree(a, b, what):
    if isinstance(a, dict):
        assert isinstance(b, dict), what
        for k in a:
            assert k in b, (what, k)
            same_tree(a[k], b[k], what + "/" + k)
    elif isinstance(a, pd.DataFrame):
        same_frame(a, b, what)
    elif isinstance(a, (np.ndarray, list)) or sp.issparse(a):
        same_array(a, b, what)
    else:
        assert a == b or (a != a and b != b), (what, a, b)


def main():
    src, out, matrix, n_run = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    a, b = anndata.read_h5ad(src), anndata.read_h5ad(out)
    checked = []
    assert a.shape == b.shape, (a.shape, b.shape)
    if a.X is not None:
        same_array(a.X, b.X, "X"); checked.append("X")
    same_frame(a.obs, b.obs, "obs"); checked.append("obs(%d)" % a.obs.shape[1])
    same_frame(a.var, b.var, "var", ignore_prefix="deepmapper_"); checked.append("var(%d)" % a.var.shape[1])
    for name in ("obsm", "varm", "obsp", "varp", "layers"):
        for k in getattr(a, name).keys():
            same_array(getattr(a, name)[k], getattr(b, name)[k], name + "/" + k)
            checked.append(name + "/" + k)
    same_tree(dict(a.uns), dict(b.uns), "uns")
    checked.append("uns(%d)" % len(a.uns))
    if a.raw is not None:
        same_array(a.raw.X, b.raw.X, "raw.X")
        same_frame(a.raw.var, b.raw.var, "raw.var", ignore_prefix="deepmapper_")
        checked.append("raw")
    table = b.raw.var if matrix == "raw.X" else b.var
    ranks = table["deepmapper_rank"]
    assert int(ranks.notna().sum()) == n_run, (int(ranks.notna().sum()), n_run)
    assert int(ranks.isna().sum()) == len(table) - n_run
    record = json.loads(str(b.uns["deepmapper"]))
    assert record["format"] == "deepmapper-run", record.get("format")
    print("same:", ", ".join(checked), "| deepmapper_rank on %d of %d genes" % (n_run, len(table)))


if __name__ == "__main__":
    main()
