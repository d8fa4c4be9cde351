"""The Flask extensions shared by the application factory and the views that need them (a webhook or
a one-click unsubscribe exempt from CSRF): created here, bound to the app by create_app()."""
from __future__ import annotations

from flask_login import LoginManager
from flask_wtf import CSRFProtect

csrf = CSRFProtect()
login_manager = LoginManager()
