"""Other crisis teams on the screens (issue 17): link chips, their pictures, their orders as drafts,
and the host's link settings (``/teams``). The host screens import the parts they place from the
sub-modules (``block``, ``chair_panel``, ``drafts``); this package only registers the route."""

from assistant.ui.teams import settings as _settings  # noqa: F401 - registers the /teams route
