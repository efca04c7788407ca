//! A stand-in for Smartcar's management API on this machine: every request is recorded
//! (method, path, decoded query, headers, body) and answered by the test's own function,
//! so the bytes the tool sends are checked, not only what it prints.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One request as it arrived.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    /// The path and query as sent (still percent-encoded).
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Recorded {
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or_default()
    }

    /// The query as sent, still encoded.
    pub fn raw_query(&self) -> &str {
        self.target
            .split_once('?')
            .map(|(_, q)| q)
            .unwrap_or_default()
    }

    /// A query parameter, decoded.
    pub fn query(&self, name: &str) -> Option<String> {
        url::form_urlencoded::parse(self.raw_query().as_bytes())
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.into_owned())
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// What the server answers.
#[derive(Clone, Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// Waited before answering (the timeout test).
    pub delay: Duration,
}

impl Reply {
    pub fn json(status: u16, body: &str) -> Self {
        Reply {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: body.to_owned(),
            delay: Duration::ZERO,
        }
    }

    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    pub fn after(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
}

type Handler = dyn Fn(&Recorded, usize) -> Reply + Send + Sync;

pub struct MockApi {
    pub origin: String,
    requests: Arc<Mutex<Vec<Recorded>>>,
}

impl MockApi {
    /// Serves on a free loopback port; `answer` gets each request and how many came
    /// before it.
    pub fn start(answer: impl Fn(&Recorded, usize) -> Reply + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let origin = format!("http://{}", listener.local_addr().expect("address"));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let answer: Arc<Handler> = Arc::new(answer);
        let recorded = Arc::clone(&requests);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let recorded = Arc::clone(&recorded);
                let answer = Arc::clone(&answer);
                std::thread::spawn(move || serve(stream, &recorded, &*answer));
            }
        });
        MockApi { origin, requests }
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().expect("requests").clone()
    }
}

fn serve(stream: TcpStream, recorded: &Mutex<Vec<Recorded>>, answer: &Handler) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone stream"));
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_owned();
    let target = parts.next().unwrap_or_default().to_owned();
    let mut headers = Vec::new();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap_or(0) == 0 || header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            headers.push((name.trim().to_owned(), value.trim().to_owned()));
        }
    }
    let length = headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    let _ = reader.read_exact(&mut body);
    let request = Recorded {
        method,
        target,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    };
    let before = {
        let mut all = recorded.lock().expect("requests");
        all.push(request.clone());
        all.len() - 1
    };
    let reply = answer(&request, before);
    std::thread::sleep(reply.delay);
    let mut head = format!(
        "HTTP/1.1 {} Mock\r\nContent-Length: {}\r\nConnection: close\r\n",
        reply.status,
        reply.body.len()
    );
    for (name, value) in &reply.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let mut stream = stream;
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(reply.body.as_bytes());
    let _ = stream.flush();
}

/// A v2 page of connections `(vehicle, user, connectedAt)`, with the next cursor.
pub fn v2_page(connections: &[(&str, &str, &str)], cursor: Option<&str>) -> String {
    let list: Vec<serde_json::Value> = connections
        .iter()
        .map(|(vehicle, user, at)| {
            serde_json::json!({"vehicleId": vehicle, "userId": user, "connectedAt": at, "mode": "live"})
        })
        .collect();
    serde_json::json!({"connections": list, "paging": {"cursor": cursor}}).to_string()
}

/// The cursor shape Smartcar's fixtures show: `:`, `=`, `+` and `/` inside.
pub const FIXTURE_CURSOR: &str =
    "AES-256-CBC::base64::utf8::zLBj+q8x/CCTKr3grfBFNXg==Oh0pX00AHjxsloC6vHMyKw==";

/// The IAM's answer to a client-credentials token request.
pub const V3_TOKEN_ANSWER: &str =
    r#"{"access_token":"bearer-7a6b5c","token_type":"Bearer","expires_in":3600}"#;

/// A v3 (JSON:API) page of connections `(connection id, vehicle, user, createdAt)`, the
/// last one.
pub fn v3_page(connections: &[(&str, &str, &str, &str)]) -> String {
    let data: Vec<serde_json::Value> = connections
        .iter()
        .map(|(id, vehicle, user, at)| {
            serde_json::json!({
                "id": id, "type": "connection",
                "attributes": {"permissions": ["read_vehicle_info"], "vehicle": {"make": "Tesla", "mode": "live"}},
                "relationships": {"vehicle": {"data": {"id": vehicle, "type": "vehicle"}},
                                  "user": {"data": {"id": user, "type": "user"}}},
                "meta": {"createdAt": at}
            })
        })
        .collect();
    serde_json::json!({"data": data, "meta": {"totalCount": connections.len()}, "links": {"next": null}})
        .to_string()
}
