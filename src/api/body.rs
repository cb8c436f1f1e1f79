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

/// The request's media type, lower case, without parameters.
pub(crate) fn mime_of(req: &HttpRequest) -> String {
    req.headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .unwrap_or_default()
}

pub(crate) fn is_json(mime: &str) -> bool {
    mime == "application/json" || mime.ends_with("+json")
}

/// Reads the whole body, refusing more than `limit` bytes (413) before
/// reading when the declared length is over, or as soon as it goes over.
pub(crate) async fn read_limited(
    req: &HttpRequest,
    mut payload: Payload,
    limit: usize,
) -> Result<web::BytesMut, ApiError> {
    let declared = req
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(too_large(limit));
    }
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk
            .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, "bad_payload", e.to_string()))?;
        if body.len() + chunk.len() > limit {
            return Err(too_large(limit));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Decodes a JSON body; a field of the wrong shape is named by its path.
pub(crate) fn decode_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    let de = &mut serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(de).map_err(|e| {
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
                Some(f) if path != f && !path.ends_with(&format!(".{f}")) => format!("{path}.{f}"),
                _ => path,
            };
            err.fields = vec![FieldError { field, reason }];
        }
        err
    })
}

pub(crate) fn unsupported(expected: &str) -> ApiError {
    ApiError::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
        format!("request body must be {expected}"),
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
        let json = is_json(&mime_of(req));
        let payload = payload.take();
        let req = req.clone();
        Box::pin(async move {
            if !json {
                return Err(unsupported("application/json"));
            }
            let body = read_limited(&req, payload, limit).await?;
            decode_json(&body).map(JsonBody)
        })
    }
}
