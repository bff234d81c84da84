"""A headless Chromium driven through the DevTools protocol, for the
browser test (browser.py).

The protocol runs over a pipe (--remote-debugging-pipe: commands in on
file descriptor 3, answers and events out on 4, each a JSON text ended by
a NUL byte), so the driver needs nothing beyond Python's standard library
and opens no port: no WebSocket package to install for whichever python3
runs the tests, no port to collide with another run, and no traffic on
the network, not even on loopback.
"""
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time

TIMEOUT = 60  # seconds any one answer or event may take


class Error(Exception):
    pass


def find():
    """The Chromium program, or None: $CHROMIUM, else Debian's."""
    for name in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser"):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


class Browser:
    def __init__(self, exe):
        self.profile = tempfile.mkdtemp(prefix="assay-chromium-")
        to_r, to_w = os.pipe()      # our commands: Chromium reads fd 3
        from_r, from_w = os.pipe()  # its answers: Chromium writes fd 4
        # above 4, so that moving them to 3 and 4 in the child cannot
        # overwrite one with the other
        hi_r = fcntl.fcntl(to_r, fcntl.F_DUPFD_CLOEXEC, 10)
        hi_w = fcntl.fcntl(from_w, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(to_r)
        os.close(from_w)

        def child():
            os.dup2(hi_r, 3)  # dup2's copies are inherited by exec
            os.dup2(hi_w, 4)

        args = [
            exe, "--headless=new", "--remote-debugging-pipe",
            # the test runs as root on CI, where Chromium's sandbox will
            # not start; the page is a local file this test just wrote
            "--no-sandbox", "--disable-gpu", "--no-first-run",
            # a container's /dev/shm is often too small for it
            "--disable-dev-shm-usage",
            "--no-default-browser-check", "--disable-extensions",
            "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-default-apps", "--mute-audio",
            "--hide-scrollbars", "--disable-features=Translate,MediaRouter",
            # a request that got past the checks still reaches nothing
            "--host-resolver-rules=MAP * ~NOTFOUND",
            f"--user-data-dir={self.profile}", "about:blank",
        ]
        self.proc = subprocess.Popen(args, preexec_fn=child, close_fds=False,
                                     stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        os.close(hi_r)
        os.close(hi_w)
        self.w, self.r = to_w, from_r
        self.buf = b""
        self.next_id = 0
        self.events = []

    def close(self):
        try:
            self.send("Browser.close")
        except Exception:
            pass
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self.w, self.r):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self.profile, ignore_errors=True)

    def _read(self, deadline):
        """The next message Chromium sends."""
        while b"\0" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise Error("Chromium did not answer in time")
            ready, _, _ = select.select([self.r], [], [], left)
            if not ready:
                continue
            chunk = os.read(self.r, 1 << 20)
            if not chunk:
                raise Error("Chromium closed the pipe (did it start?)")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        msg = json.loads(msg)
        if msg.get("method") == "Page.javascriptDialogOpening":
            # a dialog stops the page until it is answered: note it (the
            # event is kept) and dismiss it, without waiting
            self._write({"id": 0, "method": "Page.handleJavaScriptDialog",
                         "params": {"accept": False},
                         "sessionId": msg.get("sessionId")})
        return msg

    def _write(self, msg):
        data = json.dumps(msg).encode() + b"\0"
        while data:
            data = data[os.write(self.w, data):]

    def send(self, method, params=None, session=None):
        """Run a command and return its result; events that come first
        are kept in self.events."""
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        self._write(msg)
        deadline = time.monotonic() + TIMEOUT
        while True:
            m = self._read(deadline)
            if m.get("id") == self.next_id:
                if "error" in m:
                    raise Error(f"{method}: {m['error'].get('message')}")
                return m.get("result", {})
            self.events.append(m)

    def wait_for(self, method, timeout=TIMEOUT):
        """Wait for an event (one already kept counts) and return it."""
        for m in self.events:
            if m.get("method") == method:
                self.events.remove(m)
                return m
        deadline = time.monotonic() + timeout
        while True:
            m = self._read(deadline)
            if m.get("method") == method:
                return m
            self.events.append(m)

    def drain(self, seconds):
        """Keep the events that come within seconds."""
        deadline = time.monotonic() + seconds
        try:
            while True:
                self.events.append(self._read(deadline))
        except Error as e:
            if "in time" not in str(e):
                raise


class Page:
    """One tab, attached with its own session, watching the console, the
    network and dialogs from before it loads anything."""

    def __init__(self, browser, bypass_csp=False):
        self.b = browser
        target = browser.send("Target.createTarget",
                              {"url": "about:blank"})["targetId"]
        self.s = browser.send("Target.attachToTarget",
                              {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable")
        if bypass_csp:
            self.send("Page.setBypassCSP", {"enabled": True})

    def send(self, method, params=None):
        return self.b.send(method, params, self.s)

    def events(self, method):
        return [m["params"] for m in self.b.events
                if m.get("method") == method and m.get("sessionId") == self.s]

    def open(self, url):
        self.send("Page.navigate", {"url": url})
        self.b.wait_for("Page.loadEventFired")
        self.b.drain(0.5)  # late console messages and requests

    def eval(self, expression):
        r = self.send("Runtime.evaluate", {"expression": expression,
                                           "returnByValue": True})
        if "exceptionDetails" in r:
            raise Error(f"evaluate: {r['exceptionDetails'].get('text')} "
                        f"{r['exceptionDetails'].get('exception', {}).get('description', '')}")
        return r["result"].get("value")

    def size(self, width, height, mobile=False):
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1,
                   "mobile": mobile})

    def screenshot(self, path, width):
        """The whole page at this width, as a PNG."""
        h = self.send("Page.getLayoutMetrics")["cssContentSize"]["height"]
        r = self.send("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": width, "height": h,
                     "scale": 1}})
        import base64
        with open(path, "wb") as f:
            f.write(base64.b64decode(r["data"]))
        return int(h)

    def pdf(self, path):
        import base64
        r = self.send("Page.printToPDF", {"preferCSSPageSize": True,
                                          "printBackground": True})
        with open(path, "wb") as f:
            f.write(base64.b64decode(r["data"]))

    def key(self, name, code, keycode):
        for kind in ("rawKeyDown", "keyUp"):
            self.send("Input.dispatchKeyEvent",
                      {"type": kind, "key": name, "code": code,
                       "windowsVirtualKeyCode": keycode})
