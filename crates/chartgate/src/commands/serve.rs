//! `chartgate serve`.

use crate::cli::{Cli, ServeArgs};
use crate::redact::redact_url;
use crate::{actor, backends, settings, upstream_settings};
use chartgate_core::admin::By;
use chartgate_core::{Clock, SystemClock};
use chartgate_server::bootstrap::{self, Seeded};
use chartgate_server::{Application, Backends, ServerConfig};
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;

/// Opens and migrates the store, seeds a fresh database, and serves until
/// SIGINT or SIGTERM.
pub async fn run(cli: &Cli, args: &ServeArgs) -> anyhow::Result<ExitCode> {
    let settings = settings::resolve(cli, Some(args))?;
    let store = backends::store(&settings.database)?;
    let fresh = store.migrate().await?;
    let clock = Arc::new(SystemClock);
    let instance = actor::instance();
    let seeded = bootstrap::seed_if_fresh(&*store, fresh, &By::new(&instance, clock.now())).await?;
    let keys = bootstrap::key_ring(&*store, settings::signing_key()?, settings.signing_alg).await?;
    let config = ServerConfig {
        listen: settings.listen,
        poll_interval: settings.poll_interval,
        rotate_refresh_tokens: settings.rotate_refresh_tokens,
        refresh_grace: settings.refresh_grace,
        instance,
        trust_forwarded_for: settings.trust_forwarded_for,
        max_staleness: settings.max_staleness,
        max_connections: settings.max_connections,
        metrics_listen: settings.metrics_listen,
        body_timeout: settings.body_timeout,
        header_timeout: settings.header_timeout,
        sandbox_faults: settings.sandbox_faults,
        catalog_seed: settings.catalog_seed,
        body_cache_bytes: settings.body_cache_bytes,
        gateway: settings.gateway.clone(),
        ..ServerConfig::default()
    };
    let limiter = backends::limiter(&settings.limiter).await?;
    let backends = Backends { store, limiter, clock, keys };
    let app = Application::build(config, backends).await?;
    let addr = app.local_addr();
    let database = redact_url(&settings.database);
    tracing::info!(%addr, %database, "chartgate listening");
    if let Some(g) = &settings.gateway {
        tracing::info!(upstreams = %upstream_settings::describe(g), "gateway mode: /api/ is forwarded");
    }
    // The signal handlers are installed before anything tells the world the
    // server is up: a SIGTERM sent on seeing the welcome stops it gracefully.
    let shutdown = shutdown_signal();
    if let Some(seeded) = seeded {
        print_welcome(addr, &database, &seeded);
    }
    app.run(shutdown).await?;
    tracing::info!("stopped");
    Ok(ExitCode::SUCCESS)
}

/// The demo user's refresh token, printed once, with the source document's
/// two curl commands rewritten for this server. `database` is shown as is:
/// pass it redacted.
fn print_welcome(addr: SocketAddr, database: &str, seeded: &Seeded) {
    let base = format!("http://{addr}");
    let token = seeded.demo_token.expose();
    println!(
        "\nCreated {database} with a demo catalog and a demo user.\n\
         The demo user's refresh token (shown only now; keep it out of source control):\n\n  {token}\n\n\
         Mint an access token:\n\n  curl -X POST {base}/api/token \\\n    -H \"Content-Type: application/json\" \\\n    -d '{{\"refreshtoken\":\"{token}\"}}'\n\n\
         Call the API with it:\n\n  curl {base}/api/artist/206557 \\\n    -H \"Authorization: Bearer YOUR_ACCESS_TOKEN\"\n"
    );
}

/// Resolves on SIGINT or SIGTERM. The SIGTERM handler is installed when
/// this is called, not when the future is first polled.
fn shutdown_signal() -> impl Future<Output = ()> {
    #[cfg(unix)]
    let term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate());
    async move {
        shutdown_on(
            #[cfg(unix)]
            term,
        )
        .await
    }
}

async fn shutdown_on(#[cfg(unix)] term: std::io::Result<tokio::signal::unix::Signal>) {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match term {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => tracing::info!("SIGINT received"),
        () = term => tracing::info!("SIGTERM received"),
    }
}
