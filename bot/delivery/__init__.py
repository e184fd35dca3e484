"""The delivery worker: drains the notice queue into Telegram, once per recipient.

The queue is the ``deliveries`` table (one row per notice and recipient, see
:mod:`bot.notices` for when rows are created). :class:`DeliveryWorker` runs inside the bot's
Application as one asyncio task (started in ``post_init``, stopped in ``post_stop``), and can
be driven directly by tests and benchmarks::

    worker = DeliveryWorker(store, bot, rate=25, per_chat_interval=1.0)
    await worker.run_until_idle()        # or: await worker.start() … await worker.stop()

It also queues scheduled notices when they come due (:func:`bot.notices.activate_due_notices`),
and polls the tables about once a second, so rows written by another process (``delegate-bot
notice send``) are picked up within a second or two.

Each delivery, one at a time per row::

    pending ──claim (committed)──► claimed ──sendMessage──► Telegram answers
                                      │                        ├─ ok ──────► sent (committed)
                                      │                        ├─ 429 ─────► pending, whole
                                      │                        │             sender paused
                                      │                        ├─ 5xx/timeout► pending, retried
                                      │                        │             with backoff, then
                                      │                        │             failed with reason
                                      │                        ├─ 403 ─────► blocked, chat
                                      │                        │             unsubscribed
                                      │                        └─ 400 ─────► failed (permanent:
                                      │                                      chat not found …)
                                      └── bot killed here: stays claimed → resent at restart,
                                          flagged "possibly duplicated"

Exactly once, and the window where it cannot be: the Bot API has no idempotency key and no
way to ask whether a message went out. Between Telegram accepting a message and the row being
marked ``sent`` there is a window (one HTTP response and one SQLite write) in which a crash
leaves the row ``claimed`` with no way to know whether the chat has it. It is kept as small as
the API allows: the claim is committed before the request, the outcome immediately after the
response, and at most ``max_in_flight`` requests are out (or waiting to be recorded) at any
moment, so a crash leaves at most that many ambiguous rows. Policy for them: **resend** at the
next start, flagged ``doubt = 'restart'`` and shown in the report as "possibly duplicated: bot
stopped while sending" (skipping them instead could leave a delegate without the notice; a
duplicate is the lesser harm). A graceful stop (SIGTERM) stops claiming, lets the requests in
flight finish and records them, so it leaves no ambiguous row. The same doubt applies when a
connection fails after the request was written (a read timeout, a dropped connection): the
row is retried and flagged ``doubt = 'network'``; a connection that never opened, and any
answer from Telegram (including 5xx), carry no doubt.

Batches, for high rates: rows are claimed ``batch`` at a time in one statement, then each is
sent at its own turn of the pace (a claimed row not yet sent is only a false "possibly
duplicated" after a crash). From ``BATCH_RECORDS_FROM`` (500/s: paid broadcasts) on, accepted
messages are also recorded ``batch`` at a time, at most ``RECORD_DELAY`` (5 ms) after the
first; there a crash may also resend, flagged, the few messages Telegram accepted in those
last milliseconds. One commit per message is what SQLite costs most at 1,000 messages a
second; below 500/s every outcome is committed on its own as soon as Telegram answers.

Order: rows leave in queue order (earlier notices first); a chat never has two rows in
flight, and a row of a chat waits while an earlier row of the same chat waits for a retry, so
each chat receives its notices in order. A 429 puts the row back unchanged and pauses the whole
sender for ``retry_after`` (Telegram's flood control is per bot); the next round starts again
from the earliest pending row.

Sending: straight JSON through the bot's ``BaseRequest`` (:func:`bot.transport.send_html`),
not ``Bot.send_message``, whose parameter objects and parsed ``Message`` cost a third of the
bot's CPU per notice at 1,000 messages a second; the errors are the same exceptions.

Several processes (PostgreSQL): rows are claimed with ``FOR UPDATE SKIP LOCKED`` and name the
connection that claimed them, so each row is sent by one process (a row of a batch that another
sender holds is left to it); every few seconds a sender takes back the claimed rows of a
process that died (its connection is gone), flagged as above. A 429 is written to the
database and every process honours it, and the rate is the bot token's: each sender also
waits for turns it reserves from the database (:mod:`~bot.delivery.budget`), so together they
keep it.

Pacing: our own token bucket (:class:`Pacer`, ``rate`` per second overall, a small burst) and
a minimum interval per chat, measured from the previous answer for that chat. With
``paid_broadcast`` every message carries ``allow_paid_broadcast``, and Telegram takes up to
1,000 a second (each charged in Stars); the bucket holds the configured rate either way.
python-telegram-bot's ``AIORateLimiter`` is not used: it retries a 429 inside the request (the
worker must see it, to keep the row claimed state and the pause in its own bookkeeping), it
would queue the handlers' interactive answers behind a 10,000-message broadcast, and it paces
private chats only through the global limit. The default 25 per second leaves Telegram's ~30
per second some room for those interactive answers.

Modules: :mod:`~bot.delivery.worker` (the loop: claiming rows in queue order, scheduled notices
coming due, finishing notices), :mod:`~bot.delivery.sending` (one message: what Telegram
answered, and recording it), :mod:`~bot.delivery.pacing` (the rate, and flood-control
pauses) and :mod:`~bot.delivery.budget` (the rate shared by several senders).
"""

from __future__ import annotations

from bot.delivery.pacing import Pacer
from bot.delivery.sending import link_markup
from bot.delivery.worker import DeliveryWorker, WorkerStats

__all__ = ["DeliveryWorker", "Pacer", "WorkerStats", "link_markup"]
