from grassroots.core.testing.matrix import READERS, Route, allow

ROUTES = [
    Route("stats:dashboard", allow(READERS, denied=403)),
]
