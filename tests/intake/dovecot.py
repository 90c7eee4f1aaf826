"""A throw-away Dovecot IMAP server for tests: own config, port, passwd-file and maildir under a
temp dir, run in the foreground (`dovecot -F -c conf`) as a child process of the test."""
from __future__ import annotations

import os
import grp
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
USER, PASSWORD = "intake", "secret-pw"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Dovecot:
    port: int
    root: Path
    proc: subprocess.Popen

    @property
    def url(self) -> str:
        return f"imap://{USER}:{PASSWORD}@127.0.0.1:{self.port}/INBOX"

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        shutil.rmtree(self.root, ignore_errors=True)


def start() -> Dovecot:
    """Write the config and start Dovecot; return once it answers on its port. Its dir is made
    under /tmp, not pytest's 0700 tmp_path, so Dovecot's unprivileged processes can reach it."""
    if not os.path.exists(DOVECOT):
        raise FileNotFoundError("dovecot is not installed (Debian's dovecot-imapd; see Makefile)")
    root = Path(tempfile.mkdtemp(prefix="intake-dovecot-"))
    root.chmod(0o755)
    port = free_port()
    if os.geteuid() == 0:   # Dovecot refuses mail processes as root: run them as nobody
        who = pwd.getpwnam("nobody")
        uid, gid, me = who.pw_uid, who.pw_gid, "nobody"
        internal = "dovecot" if _exists("dovecot") else me
        login = "dovenull" if _exists("dovenull") else me
    else:
        uid, gid = os.getuid(), os.getgid()
        me = internal = login = pwd.getpwuid(uid).pw_name
    home = root / "home" / USER
    home.mkdir(parents=True)
    (root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}:{uid}:{gid}::{home}\n")
    conf = root / "dovecot.conf"
    conf.write_text(f"""
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {internal}
default_internal_group = {grp.getgrgid(pwd.getpwnam(internal).pw_gid).gr_name}
default_login_user = {login}
first_valid_uid = {min(uid, 500)}
mail_location = maildir:{home}/Maildir
mail_uid = {uid}
mail_gid = {gid}
namespace inbox {{
  inbox = yes
  mailbox Done {{
    auto = create
  }}
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {root}/passwd
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
""")
    for d in ("run", "state"):
        (root / d).mkdir()
    if os.geteuid() == 0:
        for p in [root / "home", home]:
            os.chown(p, uid, gid)
    proc = subprocess.Popen([DOVECOT, "-F", "-c", str(conf)], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            log = (root / "dovecot.log").read_text() if (root / "dovecot.log").exists() else ""
            raise RuntimeError(f"dovecot exited: {proc.stdout.read().decode()} {log}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                if s.recv(100).startswith(b"* OK"):
                    return Dovecot(port, root, proc)
        except OSError:
            time.sleep(0.1)
    proc.kill()
    shutil.rmtree(root, ignore_errors=True)
    raise RuntimeError("dovecot did not start within 15 s")


def _exists(user: str) -> bool:
    try:
        pwd.getpwnam(user)
        return True
    except KeyError:
        return False
