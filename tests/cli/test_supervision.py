"""The long-running processes of a deployment are supervised: `flask systemd-units` writes a unit per
process, each restarted without end (rq cron and a busy rq worker exit when Redis goes away)."""
from __future__ import annotations

import configparser
from pathlib import Path

from click.testing import CliRunner

from portal.cli.deploy import systemd_units


def test_every_long_running_process_gets_a_unit_that_restarts_it_forever(tmp_path):
    result = CliRunner().invoke(systemd_units, ["--out", str(tmp_path), "--user", "fleurs", "--queue", "petale"])
    assert result.exit_code == 0, result.output
    written = {path.name: path for path in tmp_path.iterdir()}
    assert set(written) == {"petale-web.service", "petale-worker.service", "petale-cron.service",
                            "petale-mail-inbound.service"}
    for name, path in written.items():
        unit = configparser.ConfigParser(interpolation=None, strict=True)
        unit.read_string(path.read_text())
        service = unit["Service"]
        assert service["Restart"] == "always" and int(service["RestartSec"]) > 0, name
        assert unit["Unit"]["StartLimitIntervalSec"] == "0", f"{name}: systemd would stop restarting it"
        assert service["User"] == "fleurs" and service["EnvironmentFile"] == "/etc/petale.env"
        program = Path(service["ExecStart"].split()[0])
        assert program.parent.name == "bin" and program.name in {"gunicorn", "rq", "flask"}, name
    web = configparser.ConfigParser(interpolation=None)
    web.read_string(written["petale-web.service"].read_text())
    assert web["Service"]["ExecStartPre"].endswith("/flask --app app check-schema"), "never on an old schema"
    worker = configparser.ConfigParser(interpolation=None)
    worker.read_string(written["petale-worker.service"].read_text())
    assert "-w jobs.worker.PetaleWorker" in worker["Service"]["ExecStart"], "the app built once, before each fork"
    assert "rq cron" in written["petale-cron.service"].read_text()
    assert "jobs.cron" in written["petale-cron.service"].read_text()
    assert "mail-inbound" in written["petale-mail-inbound.service"].read_text()


def test_without_out_the_units_are_printed():
    result = CliRunner().invoke(systemd_units, [])
    assert result.exit_code == 0 and result.output.count("[Service]") == 4
