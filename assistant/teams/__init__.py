"""Teams: central and local crisis teams share their confirmed logs over NATS JetStream.

Each team's laptop runs its own ``nats-server`` (a child process, JetStream domain = team name)
with one append-only stream per crisis; the other teams hold read-only mirrors over leaf-node
links that the local laptops dial out to the central one. TinyDB stays each team's source of
truth: an outbox publishes confirmed versions, a mirror consumer verifies the other teams'
chains on arrival and keeps them, read-only, in a file of their own. Nothing in this package
touches the UI; the app wires it in with ``TeamsService`` (see ``service.py``).
"""
