"""Serve the host JupyterLab front end (built by webpack.config.cjs) with Debian's
jupyter_server + jupyterlab_server. The `jupyterlab` Python package is not needed (nor on
Debian): a small LabServerApp subclass points at the built assets.

Environment:
  CELLGUARD_HOST_BUILD     the build folder (default: ./build)
  CELLGUARD_STATE          user settings and workspaces (default: a folder in TMPDIR)
  CELLGUARD_LABEXTENSIONS  ':'-separated labextension folders, or 'default' for Jupyter's
                           standard paths (sys.prefix/share/jupyter/labextensions, ...), which is
                           where the Cellguard wheel installs itself.
"""
import json
import os
import tempfile

from jupyter_server.base.handlers import APIHandler
from jupyterlab_server import LabServerApp
from tornado import web, websocket

HERE = os.path.dirname(os.path.abspath(__file__))
BUILD = os.path.abspath(os.environ.get("CELLGUARD_HOST_BUILD", os.path.join(HERE, "build")))
STATE = os.path.abspath(os.environ.get("CELLGUARD_STATE", os.path.join(tempfile.gettempdir(), "cellguard-host-state")))
VERSION = "4.6.4"
os.environ["JUPYTER_NO_CONFIG"] = "1"


def _jupyter_server_extension_points():
    """How jupyter_server finds the app when it launches this module as its starter extension."""
    return [{"module": __name__, "app": CellguardHostApp}]


class MeHandler(APIHandler):
    """`GET /api/me` (jupyter_server >= 2), used by @jupyterlab/services' UserManager.
    jupyter_server 1.23 lacks it: without it the front end logs errors and retries."""

    @web.authenticated
    def get(self):
        name = "cellguard"
        self.finish(json.dumps({
            "identity": {"username": name, "name": name, "display_name": name,
                         "initials": "C", "avatar_url": None, "color": None},
            "permissions": {},
        }))


class EventsStubHandler(websocket.WebSocketHandler):
    """`/api/events/subscribe` (jupyter_server >= 2 event bus): accept and stay silent, so the
    front end does not loop reconnecting."""

    def check_origin(self, origin):
        return True

    def on_message(self, message):
        pass


class CellguardHostApp(LabServerApp):
    name = "cellguard_host"
    extension_url = "/lab"
    default_url = "/lab"
    app_url = "/lab"
    load_other_extensions = False
    app_name = "JupyterLab"
    app_version = VERSION
    app_settings_dir = os.path.join(HERE, "settings")
    if os.environ.get("CELLGUARD_LABEXTENSIONS", "default") != "default":
        # Only the given folders: never system paths that may hold Debian-packaged extensions.
        labextensions_path = [p for p in os.environ["CELLGUARD_LABEXTENSIONS"].split(":") if p]
    schemas_dir = os.path.join(BUILD, "schemas")
    static_dir = BUILD
    templates_dir = os.path.join(HERE, "templates")
    themes_dir = os.path.join(BUILD, "themes")
    user_settings_dir = os.path.join(STATE, "user_settings")
    workspaces_dir = os.path.join(STATE, "workspaces")

    def initialize_handlers(self):
        super().initialize_handlers()
        self.handlers.extend([
            (r"/api/me", MeHandler),
            (r"/api/events/subscribe", EventsStubHandler),
        ])

    def initialize_settings(self):
        super().initialize_settings()
        settings = self.serverapp.web_app.settings
        settings["terminals_available"] = False

        def hook(handler, page_config):
            page_config["exposeAppInBrowser"] = True
            page_config["terminalsAvailable"] = False
            return page_config

        settings["page_config_hook"] = hook


if __name__ == "__main__":
    CellguardHostApp.launch_instance()
