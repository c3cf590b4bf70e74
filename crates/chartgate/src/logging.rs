//! Log lines on stderr: text or JSON, coloured only on a terminal.

use clap::ValueEnum;
use std::io::IsTerminal;
use tracing::Dispatch;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::util::SubscriberInitExt;

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// One human-readable line per event.
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

/// Logs to stderr at `RUST_LOG` (default `info`), with ANSI colours only
/// when stderr is a terminal and `NO_COLOR` is unset: a file or a pipe gets
/// plain text.
pub fn init(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,tokio_postgres=warn"));
    let ansi = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    dispatch(format, ansi, filter, std::io::stderr).init();
}

/// The subscriber `init` installs, writing to `writer`.
fn dispatch<W>(format: LogFormat, ansi: bool, filter: EnvFilter, writer: W) -> Dispatch
where
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(writer);
    match format {
        LogFormat::Text => builder.with_ansi(ansi).finish().into(),
        LogFormat::Json => builder.json().with_ansi(false).finish().into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// What a subscriber wrote, as text.
    fn logged(format: LogFormat, ansi: bool) -> String {
        let buffer = Buffer::default();
        let writer = buffer.clone();
        let dispatch = dispatch(format, ansi, EnvFilter::new("info"), move || writer.clone());
        tracing::dispatcher::with_default(&dispatch, || {
            tracing::info!(addr = "127.0.0.1:8080", "chartgate listening");
            tracing::warn!("second line");
        });
        let bytes = buffer.0.lock().unwrap().clone();
        String::from_utf8(bytes).unwrap()
    }

    #[derive(Clone, Default)]
    struct Buffer(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Buffer {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn json_format_writes_one_json_object_per_event() {
        let out = logged(LogFormat::Json, true);
        let lines: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(lines.len(), 2, "{out}");
        assert_eq!(lines[0]["level"], "INFO");
        assert_eq!(lines[0]["fields"]["message"], "chartgate listening");
        assert_eq!(lines[0]["fields"]["addr"], "127.0.0.1:8080");
        assert_eq!(lines[1]["level"], "WARN");
        assert!(!out.contains("\x1b["), "{out:?}");
    }

    #[test]
    fn text_for_a_file_or_pipe_has_no_escape_codes_and_a_terminal_gets_colours() {
        let plain = logged(LogFormat::Text, false);
        assert!(plain.contains("chartgate listening"), "{plain}");
        assert!(!plain.contains("\x1b["), "{plain:?}");
        assert!(logged(LogFormat::Text, true).contains("\x1b["), "the switch is what removes them");
    }
}
