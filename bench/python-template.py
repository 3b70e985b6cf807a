"""A long Python module for ruff server: the body repeats."""
import os
@@BODY@@
def dataset_@@N@@(path="org/dataset-@@N@@"):  # source @@N@@
    return os.path.join(path, "train")
@@END@@
