"""`planflow worker`: the scheduler without cron, and `planflow worker status` (docs/operations.md, "Worker")."""

from __future__ import annotations

import signal
from threading import Event
from types import FrameType

import click

from cli.support import emit, json_option, refusals
from engine.core import Planflow
from engine.notify.sender import QUEUE_LABELS, MailSettings
from engine.scheduler.status import worker_status
from engine.scheduler.worker import SchedulerWorker, WorkerSettings

STATE_TEXT = {"running": "đang chạy", "silent": "KHÔNG CÒN NHỊP (worker đã đăng ký nhưng lâu không chạy)",
              "stopped": "không có worker nào chạy"}


@click.group(invoke_without_command=True)
@click.option("--poll", type=int, default=None,
              help="Seconds between passes (default PLANFLOW_WORKER_POLL, else 10).")
@click.pass_context
@refusals
def worker(context: click.Context, poll: int | None) -> None:
    """Run the scheduler until stopped (SIGTERM or Ctrl-C finish the item in hand): open report windows, fire
    due timers, send mail. Any number on PostgreSQL; one on SQLite."""
    if context.invoked_subcommand is not None:
        return
    settings, mail = WorkerSettings.from_env(poll=poll), MailSettings.from_env()  # bad settings refuse at once
    # The worker steps each instance once a pass and rarely again soon: workflows kept warm would only grow its
    # memory with the size of the country (docs/benchmarks.md, (d)).
    app = Planflow(warm_size=0)
    stop = Event()

    def on_signal(number: int, _frame: FrameType | None) -> None:
        click.echo(f"Nhận tín hiệu {signal.Signals(number).name}: hoàn tất việc đang làm rồi dừng.", err=True)
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    SchedulerWorker(app, settings, mail, stop, say=lambda text: click.echo(text, err=True),
                    single_writer=app.db.dialect.name == "sqlite").run()


@worker.command("status")
@json_option
@refusals
def status(as_json: bool) -> None:
    """Workers alive, their last tick, what is due and late, open incidents, the mail queue."""
    with Planflow().unit_of_work() as ctx:
        found = worker_status(ctx)
    queue, mail = found["queue"], found["mail"]
    last = found["last_tick_at"] or "—"
    lines = [f"Worker: {STATE_TEXT[found['state']]}; {found['alive']} đang chạy; nhịp cuối {last}"]
    lines += [f"  #{w['id']} {w['host']} pid {w['pid']}: {'sống' if w['alive'] else w['status']}, "
              f"{w['seconds_since_tick']} giây trước, {w['ticks']} lượt" + (f"; lỗi: {w['last_error']}" if
                                                                            w["last_error"] else "")
              for w in found["workers"]]
    lines.append(f"Đến hạn: {queue['timers_due']} tiến trình có hẹn giờ (trễ trên 5 phút: {queue['timers_late']}), "
                 f"{queue['windows_due']} kỳ báo cáo chờ mở")
    lines.append(f"Sự cố chưa xử lý: {found['incidents']['open']}")
    lines.append("Thư: " + ", ".join(f"{QUEUE_LABELS.get(key, key)} {value}" for key, value in mail.items()))
    emit(as_json, found, "\n".join(lines))
