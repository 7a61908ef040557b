"""Flask extensions, created here and bound in create_app."""

from flask_babel import Babel, lazy_gettext
from flask_compress import Compress
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect
from htmx_flask import Htmx

babel = Babel()
compress = Compress()
csrf = CSRFProtect()
htmx = Htmx()
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = lazy_gettext("Connectez-vous pour continuer.")
login_manager.login_message_category = "info"
