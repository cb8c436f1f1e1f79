//! `JsonBody<T>`: a JSON request body read with the configured size limit,
//! parsed with the path of any field at fault, and every failure in the
//! problem envelope (415 wrong content type, 413 too large, 400 malformed,
//! 422 wrong shape).

use super::AppState;
use crate::error::{json_error, ApiError, FieldError};
use actix_web::dev::Payload;
use actix_web::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use actix_web::http::StatusCode;
use actix_web::{web, FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;
use futures_util::StreamExt;
use serde::de::DeserializeOwned;

pub struct JsonBody<T>(pub T);

fn too_large(limit: usize) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
        format!("request body over {limit} bytes"),
    )
}

impl<T: DeserializeOwned + 'static> FromRequest for JsonBody<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let limit = req
            .app_data::<web::Data<AppState>>()
            .map(|s| s.json_limit)
            .unwrap_or(64 * 1024);
        let json = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| {
                let mime = v
                    .split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase();
                mime == "application/json" || mime.ends_with("+json")
            })
            .unwrap_or(false);
        let declared = req
            .headers()
            .get(CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        let mut payload = payload.take();
        Box::pin(async move {
            if !json {
                return Err(ApiError::new(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "unsupported_media_type",
                    "request body must be application/json",
                ));
            }
            if declared.is_some_and(|n| n > limit) {
                return Err(too_large(limit));
            }
            let mut body = web::BytesMut::new();
            while let Some(chunk) = payload.next().await {
                let chunk = chunk.map_err(|e| {
                    ApiError::new(StatusCode::BAD_REQUEST, "bad_payload", e.to_string())
                })?;
                if body.len() + chunk.len() > limit {
                    return Err(too_large(limit));
                }
                body.extend_from_slice(&chunk);
            }
            let de = &mut serde_json::Deserializer::from_slice(&body);
            match serde_path_to_error::deserialize(de) {
                Ok(v) => Ok(JsonBody(v)),
                Err(e) => {
                    let path = e.path().to_string();
                    let mut err = json_error(e.inner());
                    if err.status == StatusCode::UNPROCESSABLE_ENTITY && path != "." {
                        let reason = err
                            .fields
                            .first()
                            .map(|f| f.reason.clone())
                            .unwrap_or_default();
                        // For an unknown field the path already ends with its name.
                        let field = match crate::error::field_of(&reason) {
                            Some(f) if path != f && !path.ends_with(&format!(".{f}")) => {
                                format!("{path}.{f}")
                            }
                            _ => path,
                        };
                        err.fields = vec![FieldError { field, reason }];
                    }
                    Err(err)
                }
            }
        })
    }
}
