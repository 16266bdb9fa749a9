"""The events services send each other: every task name, and a versioned marshmallow schema for every payload.

Producers dump through the schema (shared.outbox.emit refuses a task with no contract, or a payload that breaks
it); consumers load through it (shared.consumers), and a payload that does not load becomes a dead letter.
"""
