//! The Rust SDK contender of the benchmark (bench/README.md): the same five
//! workloads as bench/floor and bench/sdk, selected by the plugin
//! configuration ("pass", "headers", "body", "shared" or "log").

use proxy_wasm::traits::{Context, HttpContext, RootContext};
use proxy_wasm::types::{Action, ContextType, LogLevel, Status};
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};

proxy_wasm::main! {{
    // Let every message through to the host, which filters by its level.
    proxy_wasm::set_log_level(LogLevel::Trace);
    proxy_wasm::set_root_context(|_| -> Box<dyn RootContext> {
        Box::new(Plugin { workload: Workload::Pass })
    });
}}

#[derive(Clone, Copy, PartialEq)]
enum Workload {
    Pass,
    Headers,
    Body,
    Shared,
    Log,
}

static SEEN: AtomicUsize = AtomicUsize::new(0); // keeps the header reads observable
static REQUESTS: AtomicU32 = AtomicU32::new(0);

struct Plugin {
    workload: Workload,
}

impl Context for Plugin {}

impl RootContext for Plugin {
    fn on_configure(&mut self, _: usize) -> bool {
        self.workload = match self.get_plugin_configuration().as_deref() {
            Some(b"headers") => Workload::Headers,
            Some(b"body") => Workload::Body,
            Some(b"shared") => Workload::Shared,
            Some(b"log") => Workload::Log,
            _ => Workload::Pass,
        };
        true
    }

    fn create_http_context(&self, _: u32) -> Option<Box<dyn HttpContext>> {
        Some(Box::new(Stream { workload: self.workload }))
    }

    fn get_type(&self) -> Option<ContextType> {
        Some(ContextType::HttpContext)
    }
}

struct Stream {
    workload: Workload,
}

impl Context for Stream {}

impl HttpContext for Stream {
    fn on_http_request_headers(&mut self, _: usize, _: bool) -> Action {
        match self.workload {
            Workload::Headers => {
                for name in ["x-bench-a", "x-bench-b"] {
                    if let Some(v) = self.get_http_request_header(name) {
                        SEEN.fetch_add(v.len(), Ordering::Relaxed);
                    }
                }
            }
            Workload::Shared => {
                for _ in 0..8 {
                    let (value, cas) = self.get_shared_data("bench_counter");
                    let count = match value {
                        Some(v) if v.len() == 8 => u64::from_le_bytes(v[..8].try_into().unwrap()),
                        _ => 0,
                    };
                    let next = (count + 1).to_le_bytes();
                    match self.set_shared_data("bench_counter", Some(&next), cas) {
                        Err(Status::CasMismatch) => continue,
                        _ => break,
                    }
                }
            }
            Workload::Log => {
                let n = REQUESTS.fetch_add(1, Ordering::Relaxed) + 1;
                log::debug!("bench request {}", n);
            }
            _ => {}
        }
        Action::Continue
    }

    fn on_http_request_body(&mut self, size: usize, eos: bool) -> Action {
        if self.workload != Workload::Body {
            return Action::Continue;
        }
        if !eos {
            return Action::Pause;
        }
        if let Some(body) = self.get_http_request_body(0, size) {
            let out: Vec<u8> = body.iter().map(|c| c.to_ascii_uppercase()).collect();
            self.set_http_request_body(0, size, &out);
        }
        Action::Continue
    }

    fn on_http_response_headers(&mut self, _: usize, _: bool) -> Action {
        if self.workload == Workload::Headers {
            self.add_http_response_header("x-bench-1", "one");
            self.add_http_response_header("x-bench-2", "two");
        }
        Action::Continue
    }
}
