//! Just enough of the Kubernetes protobuf encoding to read the one protobuf body kubectl sends here: a
//! `SelfSubjectAccessReview` (`kubectl auth can-i` posts built-in kinds as
//! `application/vnd.kubernetes.protobuf`, and accepts JSON back). The envelope is
//! k8s.io/apimachinery/pkg/runtime/serializer/protobuf (magic `k8s\0`, then a `runtime.Unknown`); the
//! field numbers are those of k8s.io/api/authorization/v1/generated.proto.

use imagetag::Status;
use serde_json::{json, Map, Value};

use crate::errors;

pub const MEDIA_TYPE: &str = "application/vnd.kubernetes.protobuf";

/// One field of a protobuf message: its number and, for length-delimited fields, its bytes.
type Fields<'a> = Vec<(u64, Option<&'a [u8]>)>;

fn varint(b: &[u8], i: &mut usize) -> Option<u64> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = *b.get(*i)?;
        *i += 1;
        v |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

/// The fields of a message, or `None` when it is not well-formed protobuf.
fn fields(b: &[u8]) -> Option<Fields<'_>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let key = varint(b, &mut i)?;
        let (number, wire) = (key >> 3, key & 7);
        match wire {
            0 => {
                varint(b, &mut i)?;
                out.push((number, None));
            }
            1 | 5 => {
                i = i.checked_add(if wire == 1 { 8 } else { 4 }).filter(|&e| e <= b.len())?;
                out.push((number, None));
            }
            2 => {
                let len = usize::try_from(varint(b, &mut i)?).ok()?;
                let end = i.checked_add(len).filter(|&e| e <= b.len())?;
                out.push((number, Some(&b[i..end])));
                i = end;
            }
            _ => return None,
        }
    }
    Some(out)
}

fn field<'a>(f: &Fields<'a>, n: u64) -> Option<&'a [u8]> {
    f.iter().rev().find(|(k, _)| *k == n).and_then(|(_, v)| *v)
}

/// The string fields of a message as a JSON object (`names[i]` is field `i + 1`), empty ones left out.
fn strings(b: &[u8], names: &[&str]) -> Option<Value> {
    let f = fields(b)?;
    let mut m = Map::new();
    for (i, name) in names.iter().enumerate() {
        if let Some(v) = field(&f, i as u64 + 1) {
            let s = std::str::from_utf8(v).ok()?;
            if !s.is_empty() {
                m.insert(name.to_string(), json!(s));
            }
        }
    }
    Some(Value::Object(m))
}

fn decode_review(body: &[u8]) -> Option<Value> {
    let unknown = fields(body.strip_prefix(b"k8s\0")?)?;
    let type_meta = strings(field(&unknown, 1)?, &["apiVersion", "kind"])?;
    let raw = fields(field(&unknown, 2)?)?;
    let mut spec = Map::new();
    if let Some(s) = field(&raw, 2) {
        let s = fields(s)?;
        if let Some(r) = field(&s, 1) {
            let names = ["namespace", "verb", "group", "version", "resource", "subresource", "name"];
            spec.insert("resourceAttributes".into(), strings(r, &names)?);
        }
        if let Some(n) = field(&s, 2) {
            spec.insert("nonResourceAttributes".into(), strings(n, &["path", "verb"])?);
        }
    }
    let mut out = json!({"metadata": {}, "spec": spec});
    if let Value::Object(tm) = type_meta {
        for (k, v) in tm {
            out[k] = v;
        }
    }
    Some(out)
}

/// The JSON form of a `SelfSubjectAccessReview` body sent as JSON or as Kubernetes protobuf.
pub fn access_review_body(media_type: &str, body: &[u8]) -> Result<Value, Status> {
    match media_type {
        "application/json" => crate::http::parse_json(body),
        MEDIA_TYPE => decode_review(body).ok_or_else(|| {
            errors::bad_request("the body is not a protobuf-encoded authorization.k8s.io/v1 SelfSubjectAccessReview")
        }),
        other => Err(errors::unsupported_media_type(other, &["application/json", MEDIA_TYPE])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn len_field(n: u8, bytes: &[u8]) -> Vec<u8> {
        let mut v = vec![(n << 3) | 2, bytes.len() as u8];
        v.extend_from_slice(bytes);
        v
    }

    #[test]
    fn reads_what_kubectl_auth_can_i_sends() {
        let attrs = [
            len_field(1, b"demo"),
            len_field(2, b"delete"),
            len_field(3, b"image.openshift.io"),
            len_field(5, b"imagetags"),
        ]
        .concat();
        let spec = len_field(1, &attrs);
        let raw = [len_field(1, b""), len_field(2, &spec)].concat();
        let type_meta = [len_field(1, b"authorization.k8s.io/v1"), len_field(2, b"SelfSubjectAccessReview")].concat();
        let body =
            [b"k8s\0".to_vec(), len_field(1, &type_meta), len_field(2, &raw), len_field(3, b""), len_field(4, b"")]
                .concat();
        let v = access_review_body(MEDIA_TYPE, &body).unwrap();
        assert_eq!(v["kind"], "SelfSubjectAccessReview");
        assert_eq!(
            v["spec"]["resourceAttributes"],
            json!({"namespace": "demo", "verb": "delete", "group": "image.openshift.io", "resource": "imagetags"})
        );
        assert_eq!(errors::code(&access_review_body(MEDIA_TYPE, b"k8s\0\x0a\x7f").unwrap_err()), 400);
        assert_eq!(errors::code(&access_review_body(MEDIA_TYPE, b"{}").unwrap_err()), 400);
        assert_eq!(errors::code(&access_review_body("text/plain", b"{}").unwrap_err()), 415);
    }
}
