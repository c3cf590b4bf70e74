//! Who the commands act as, for the audit log: an operator at a machine
//! (`alice@host`), or a serving instance (`instance:host:pid`).

use chartgate_core::Actor;

/// The operator running an admin command: `$USER` (or `$LOGNAME`) at this
/// host.
pub fn operator() -> Actor {
    let user = ["USER", "LOGNAME"]
        .iter()
        .find_map(|var| std::env::var(var).ok().filter(|v| !v.trim().is_empty()))
        .or_else(|| whoami::username().ok())
        .unwrap_or_default();
    Actor::operator(&user, &host())
}

/// This serving process.
pub fn instance() -> Actor {
    Actor::instance(&host(), std::process::id())
}

fn host() -> String {
    whoami::hostname().unwrap_or_default()
}
