"""Cellguard for JupyterLab: a prebuilt (federated) JupyterLab 4 extension.

The JavaScript is installed into ``share/jupyter/labextensions/cellguard-jupyterlab`` by the
wheel; this module only tells JupyterLab where the extension lives when it is installed in
development mode.
"""

__version__ = "0.1.0"


def _jupyter_labextension_paths():
    return [{"src": "labextension", "dest": "cellguard-jupyterlab"}]
