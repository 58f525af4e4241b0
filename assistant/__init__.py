"""CMT assistant: offline meeting assistant for the chair of a Dutch crisis management team."""

__version__ = "0.1.0"

# The string catalogue answers the domain's and speech's legacy text lookups (see assistant.i18n.hooks).
from assistant.i18n.hooks import install as _install_i18n  # noqa: E402

_install_i18n()
