"""Giving out notice numbers: one at a time to a notice issued online, or in blocks to an officer's device in
advance, as handheld ticket machines are given them, so that a notice completed with no signal has its final number
at once. Every serial comes from one counter and is given once; a block's unused numbers stay on its record until
the block is returned, and are then void."""
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from shared import audit
from shared.db import insert_unless_taken
from shared.errors import Conflict, NotFound, Problem
from services.fpn import notice_numbers
from services.fpn.models import AuditEntry, Notice, NumberBlock, NumberCounter

BLOCK_SIZE = 20  # about two shifts' notices for a busy officer
OPEN_BLOCKS_PER_DEVICE = 2  # a device asks for its next block before the last is used up


def take_serials(session: Session, count: int) -> int:
    """Reserve `count` consecutive serials no notice has; return the first. Serials a notice made before the
    counter already holds (random numbers from before blocks existed) are skipped."""
    while True:
        first = _reserve(session, count)
        if first + count - 1 > notice_numbers.LAST_SERIAL:
            raise RuntimeError("every eight-digit notice serial has been given out")
        wanted = [notice_numbers.number(s, o) for s in range(first, first + count) for o in notice_numbers.PREFIXES]
        if session.scalar(select(Notice.id).where(Notice.number.in_(wanted)).limit(1)) is None:
            return first


def _reserve(session: Session, count: int) -> int:
    """Move the counter on by `count`; return where it stood. On PostgreSQL this is a short transaction of its own,
    so that no notice waits for another notice's transaction to finish with the counter (every notice in the
    borough takes a serial; holding the counter's row until each notice committed made them queue). A serial taken
    for a notice that is then not issued is never given again: a gap, as a voided number is. On the embedded
    SQLite, which writes one transaction at a time anyway, the caller's transaction moves it."""
    bind = session.get_bind()
    if bind.dialect.name != "postgresql":
        return _move(session.connection(), count)
    with bind.engine.connect() as own:
        # One statement, committed as it ends (autocommit), and its commit need not wait for the disk: a notice
        # that uses the serial commits after it, waiting for the disk, and that makes this commit durable too; if
        # the server failed before, no notice used it.
        return _move(own.execution_options(isolation_level="AUTOCOMMIT"), count, _NO_WAIT_FOR_DISK)


_NO_WAIT_FOR_DISK = func.set_config("synchronous_commit", "off", True) == "off"  # SET LOCAL, inside the statement


def _move(connection, count: int, also=None) -> int:
    counter = NumberCounter.__table__
    for _attempt in range(3):
        moving = update(counter).where(counter.c.id == 1)
        if also is not None:  # a setting for the statement's own transaction, set as it runs
            moving = moving.where(also)
        moved = connection.execute(moving.values(next_serial=counter.c.next_serial + count)
                                   .returning(counter.c.next_serial)).scalar()
        if moved is not None:
            return moved - count
        # the first notice ever: create the counter (another notice may be creating it at the same moment)
        connection.execute(insert_unless_taken(connection, counter).values(
            id=1, next_serial=notice_numbers.FIRST_SERIAL))
    raise RuntimeError("could not move the notice number counter in 3 tries")


def give_block(*, session: Session, username: str, device: str, now: datetime) -> NumberBlock:
    """A new block of numbers for an officer's device; refused while the device already holds enough unused ones
    (so a phone that keeps asking cannot drain the counter)."""
    open_blocks = [b for b in blocks(session=session, username=username) if b.device == device and not b.returned_at]
    if len(open_blocks) >= OPEN_BLOCKS_PER_DEVICE and all(unused(session, b) for b in open_blocks):
        raise Conflict("Numbers already given", f"This device already holds {len(open_blocks)} blocks with unused "
                       "numbers. Use or return them first.", kind="numbers-already-given")
    block = NumberBlock(username=username, device=device, first_serial=take_serials(session, BLOCK_SIZE),
                        size=BLOCK_SIZE, issued_at=now)
    session.add(block)
    session.flush()
    audit.record(session, AuditEntry, actor=username, action="number_block_given", entity="number_block",
                 entity_id=str(block.id), data={"device": device, "first": block.first_serial, "size": block.size})
    return block


def blocks(*, session: Session, username: str | None = None) -> list[NumberBlock]:
    """The blocks given out, newest first: one officer's, or everyone's."""
    statement = select(NumberBlock).order_by(NumberBlock.id.desc())
    if username is not None:
        statement = statement.where(NumberBlock.username == username)
    return list(session.scalars(statement))


def used(session: Session, block: NumberBlock) -> dict[int, str]:
    """The block's serials that notices carry, with the stored number each carries."""
    wanted = [notice_numbers.number(s, o) for s in range(block.first_serial, block.first_serial + block.size)
              for o in notice_numbers.PREFIXES]
    carried = session.scalars(select(Notice.number).where(Notice.number.in_(wanted)))
    return {notice_numbers.serial(n): n for n in carried}


def unused(session: Session, block: NumberBlock) -> list[int]:
    """The block's serials no notice carries: still to be used, or void once the block is returned."""
    taken = used(session, block)
    return [s for s in range(block.first_serial, block.first_serial + block.size) if s not in taken]


def return_block(*, session: Session, block_id: int, username: str, may_return_any: bool, now: datetime
                 ) -> NumberBlock:
    """Return a block (its officer signing out of the device, or a supervisor for a lost phone): its unused numbers
    become void and can no longer be issued."""
    block = session.get(NumberBlock, block_id)
    if block is None or (block.username != username and not may_return_any):
        raise NotFound(f"No number block {block_id} that you can see exists.")
    if block.returned_at is None:
        block.returned_at, block.returned_by = now, username
        audit.record(session, AuditEntry, actor=username, action="number_block_returned", entity="number_block",
                     entity_id=str(block.id), data={"void": len(unused(session, block))})
    return block


def check_block_number(*, session: Session, stored: str, outcome: str, username: str, occurred_at: datetime) -> None:
    """Refuse a number a device chose unless it is from a block given to this officer, reads as what the notice is
    (FPN or WN), and was not void when the offence happened (a notice completed before its block was returned may
    still arrive afterwards). Whether it is already used is the notices table's unique key to say."""
    if not stored.startswith(notice_numbers.PREFIXES[outcome]):
        kind = "warning" if outcome == "warning" else "fixed penalty notice"
        raise Problem("Number does not match the notice", f"A {kind}'s number starts "
                      f"{notice_numbers.PREFIXES[outcome]}: {notice_numbers.display(stored)} does not.",
                      kind="number-not-for-this-notice",
                      errors=[{"field": "number", "message": "The number does not match the kind of notice"}])
    at = notice_numbers.serial(stored)
    block = session.scalar(select(NumberBlock).where(NumberBlock.username == username,
                                                     NumberBlock.first_serial <= at,
                                                     NumberBlock.first_serial + NumberBlock.size > at))
    if block is None:
        raise Problem("Number not given to you", f"{notice_numbers.display(stored)} is not from a block of numbers "
                      "given to you.", kind="number-not-yours",
                      errors=[{"field": "number", "message": "The number is not from your block of numbers"}])
    if block.returned_at is not None and occurred_at >= block.returned_at:
        raise Problem("Number void", f"{notice_numbers.display(stored)} is from a block returned on "
                      f"{block.returned_at:%d %B %Y}, so it is void.", kind="number-void",
                      errors=[{"field": "number", "message": "The number is from a returned block"}])
