//! A small WebDriver client for headless Chromium (chromedriver's HTTP API, spoken with ureq),
//! shared by the browser tests.

use serde_json::{json, Value};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
pub const WAIT: Duration = Duration::from_secs(20);

pub fn chromium_binary() -> Option<&'static str> {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| Path::new(p).exists())
}

/// A chromedriver process and one browser session; both end on drop.
pub struct Browser {
    driver: Child,
    base: String,
    session: Option<String>,
    agent: ureq::Agent,
    _profile: tempfile::TempDir,
}

impl Browser {
    pub fn launch() -> Browser {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let agent = ureq::AgentBuilder::new()
            .timeout(Duration::from_secs(60))
            .build();
        let mut b = Browser {
            driver,
            base: format!("http://127.0.0.1:{port}"),
            session: None,
            agent,
            _profile: tempfile::tempdir().unwrap(),
        };
        let start = Instant::now();
        while b.agent.get(&format!("{}/status", b.base)).call().is_err() {
            assert!(start.elapsed() < WAIT, "chromedriver did not come up");
            std::thread::sleep(Duration::from_millis(50));
        }
        let args = vec![
            "--headless".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-dev-shm-usage".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--no-first-run".into(),
            "--window-size=1280,900".into(),
            format!("--user-data-dir={}", b._profile.path().display()),
        ];
        let mut opts = json!({ "args": args });
        if let Some(bin) = chromium_binary() {
            opts["binary"] = json!(bin);
        }
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "pageLoadStrategy": "normal",
            "timeouts": { "script": 60000, "pageLoad": 30000 },
            "goog:chromeOptions": opts,
        }}});
        let v = b.post("/session", caps);
        b.session = Some(
            v["value"]["sessionId"]
                .as_str()
                .unwrap_or_else(|| panic!("no session: {v}"))
                .to_string(),
        );
        // The page behaves as the focused page of a focused window, as a reader's would.
        // Without it, headless Chromium 148 gives `element.focus()` the active element but no
        // `focus` event (`document.hasFocus()` is false).
        b.cdp(
            "Emulation.setFocusEmulationEnabled",
            json!({ "enabled": true }),
        );
        b
    }

    pub fn post(&self, path: &str, body: Value) -> Value {
        let url = format!("{}{path}", self.base);
        match self
            .agent
            .post(&url)
            .set("Content-Type", "application/json")
            .send_string(&body.to_string())
        {
            Ok(r) => serde_json::from_str(&r.into_string().unwrap()).unwrap(),
            Err(ureq::Error::Status(code, r)) => panic!(
                "POST {path}: {code} {}",
                r.into_string().unwrap_or_default()
            ),
            Err(e) => panic!("POST {path}: {e}"),
        }
    }

    pub fn session_path(&self, rest: &str) -> String {
        format!("/session/{}{rest}", self.session.as_deref().unwrap())
    }

    pub fn goto(&self, url: &str) {
        self.post(&self.session_path("/url"), json!({ "url": url }));
    }

    pub fn js(&self, script: &str, args: Value) -> Value {
        self.post(
            &self.session_path("/execute/sync"),
            json!({ "script": script, "args": args }),
        )["value"]
            .clone()
    }

    pub fn js_async(&self, script: &str) -> Value {
        self.post(
            &self.session_path("/execute/async"),
            json!({ "script": script, "args": [] }),
        )["value"]
            .clone()
    }

    /// A Chrome DevTools Protocol command, through chromedriver.
    pub fn cdp(&self, cmd: &str, params: Value) {
        self.post(
            &self.session_path("/goog/cdp/execute"),
            json!({ "cmd": cmd, "params": params }),
        );
    }

    pub fn set_window(&self, width: u32, height: u32) {
        self.post(
            &self.session_path("/window/rect"),
            json!({ "width": width, "height": height }),
        );
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if let Some(s) = self.session.take() {
            let _ = self
                .agent
                .delete(&format!("{}/session/{s}", self.base))
                .call();
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Browser {
    /// Polls `script` until it returns something other than null or false.
    pub fn wait_for(&self, what: &str, script: &str) -> Value {
        let start = Instant::now();
        loop {
            let v = self.js(script, json!([]));
            if !v.is_null() && v != json!(false) {
                return v;
            }
            if start.elapsed() > WAIT {
                let text = self.js(
                    "return JSON.stringify([window.scrollY, document.readyState, \
                     document.documentElement.scrollHeight, sessionStorage.length, \
                     document.documentElement.outerHTML.slice(-1500)])",
                    json!([]),
                );
                panic!("timed out waiting for {what}; page ends with {text}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}
