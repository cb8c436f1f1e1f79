//! A panic inside a handler (ours, or a dependency's: the `rrule` crate
//! once panicked on a multi-byte `BYDAY`) is answered, not dropped.
//!
//! Without this, actix-web lets the panic unwind through the connection's
//! task: the client sees the connection close with no answer and the log
//! shows only the panic hook's line on stderr, outside the request's span.
//! [`catch_panic`] sits innermost, next to the handlers, so the request gets
//! the usual `500 internal_error` problem document (no internals in it), the
//! metrics and the access log count it as a 500, and the cause is logged
//! once with the request's method and path.

use crate::error::ApiError;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use futures_util::FutureExt;
use std::any::Any;
use std::panic::AssertUnwindSafe;

/// Middleware (`from_fn`): runs the rest of the chain, turning a panic into
/// a `500 internal_error` answer. The answer goes out as the chain's error
/// (actix renders it with [`ApiError`]'s problem document): a response needs
/// the `HttpRequest`, and holding a clone of it while the router runs makes
/// actix panic itself. Middleware outside sees that error: actix-cors adds
/// its headers to the answer through the error's response mapper.
pub async fn catch_panic(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let method = req.method().clone();
    let path = req.path().to_owned();
    // Unwind safety: on a panic the request's state is dropped, not reused;
    // the shared state (database pool, caches) is only behind locks that a
    // panic poisons or releases.
    match AssertUnwindSafe(next.call(req)).catch_unwind().await {
        Ok(res) => res,
        Err(payload) => Err(ApiError::internal(format_args!(
            "handler panicked on {method} {path}: {}",
            message(payload.as_ref())
        ))
        .into()),
    }
}

/// The panic's message, when it has one (`panic!` gives `&str` or `String`).
fn message(payload: &(dyn Any + Send)) -> &str {
    if let Some(s) = payload.downcast_ref::<&str>() {
        s
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s
    } else {
        "(no message)"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::middleware::from_fn;
    use actix_web::{web, App, HttpResponse, HttpServer};

    async fn boom(path: web::Path<String>) -> HttpResponse {
        // Panics as a dependency would, deep in a handler; `String` payload.
        let n: usize = path.parse().unwrap_or(0);
        let v: Vec<u8> = Vec::new();
        HttpResponse::Ok().body(format!("{}", v[n]))
    }

    async fn str_panic() -> HttpResponse {
        std::panic::panic_any("static str")
    }

    /// A real server on loopback with one worker, as clients meet it: the
    /// two middlewares in the order `startup` wraps them (a dashboard's
    /// origin allowed). Returns its port and handle.
    fn serve() -> (u16, actix_web::dev::ServerHandle) {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = HttpServer::new(|| {
            App::new()
                .wrap(from_fn(catch_panic))
                .wrap(
                    actix_cors::Cors::default()
                        .allowed_origin("https://dash.example")
                        .allowed_methods(["GET"]),
                )
                .route("/boom/{n}", web::get().to(boom))
                .route("/str", web::get().to(str_panic))
                .route(
                    "/ok",
                    web::get().to(|| async { HttpResponse::Ok().body("fine") }),
                )
        })
        .workers(1)
        .disable_signals()
        .listen(listener)
        .unwrap()
        .run();
        let handle = server.handle();
        actix_rt::spawn(server);
        (port, handle)
    }

    /// Without the middleware the first request gets no answer at all.
    #[actix_web::test]
    async fn a_panicking_handler_is_answered_with_a_problem_and_the_server_goes_on() {
        let (port, handle) = serve();
        let client = awc::Client::default();
        let url = |p: &str| format!("http://127.0.0.1:{port}{p}");
        for p in ["/boom/3", "/str"] {
            let mut res = client.get(url(p)).send().await.expect("an answer");
            assert_eq!(res.status().as_u16(), 500, "{p}");
            assert_eq!(
                res.headers().get("content-type").unwrap(),
                "application/problem+json"
            );
            let body: serde_json::Value = res.json().await.unwrap();
            assert_eq!(body["code"], "internal_error", "{p}: {body}");
            assert_eq!(body["status"], 500);
            // The cause goes to the log, never to the client.
            assert!(!body.to_string().contains("index out of bounds"), "{body}");
            assert!(!body.to_string().contains("static str"), "{body}");
        }
        // The same single worker answers the next request.
        let mut res = client.get(url("/ok")).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 200);
        assert_eq!(res.body().await.unwrap(), "fine");
        handle.stop(true).await;
    }

    /// A browser dashboard on another origin reads the 500 too: actix-cors
    /// (outside this middleware) adds its headers to the error answer
    /// through the error's response mapper.
    #[actix_web::test]
    async fn the_panic_answer_carries_the_cors_headers() {
        let (port, handle) = serve();
        let res = awc::Client::default()
            .get(format!("http://127.0.0.1:{port}/str"))
            .insert_header(("Origin", "https://dash.example"))
            .send()
            .await
            .expect("an answer");
        assert_eq!(res.status().as_u16(), 500);
        assert_eq!(
            res.headers()
                .get("access-control-allow-origin")
                .map(|v| v.to_str().unwrap()),
            Some("https://dash.example"),
            "{:?}",
            res.headers()
        );
        handle.stop(true).await;
    }

    #[test]
    fn the_message_is_read_from_either_payload() {
        let p: Box<dyn Any + Send> = Box::new("a");
        assert_eq!(message(p.as_ref()), "a");
        let p: Box<dyn Any + Send> = Box::new(String::from("b"));
        assert_eq!(message(p.as_ref()), "b");
        let p: Box<dyn Any + Send> = Box::new(7u8);
        assert_eq!(message(p.as_ref()), "(no message)");
    }
}
