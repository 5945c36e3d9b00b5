// Variants of JSON documents for the lossless round-trip tests (included by tests/model.rs and
// tests/stream.rs): unknown keys everywhere, values turned to `null`, keys removed.

/// A tiny deterministic generator (xorshift) so the variants are the same on every run.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Objects that are string maps in the API (their values must stay strings), not model objects.
const MAPS: &[&str] = &["labels", "annotations", "signedClaims", "Labels", "ExposedPorts", "Volumes", "fieldsV1"];

/// Adds unknown keys of every JSON type to every model object, at every depth.
fn sprinkle_unknown(v: &mut Value, rng: &mut Rng, depth: usize) {
    match v {
        Value::Object(map) => {
            for (k, child) in map.iter_mut() {
                if !MAPS.contains(&k.as_str()) {
                    sprinkle_unknown(child, rng, depth + 1);
                }
            }
            let samples = [
                json!(null),
                json!(true),
                json!(-12.5),
                json!(9007199254740991i64),
                json!("new \"field\" ✓"),
                json!([1, "two", null, {"three": [3]}]),
                json!({"nested": {"deeper": {"x": 1}}, "empty": {}}),
            ];
            let pick = samples[rng.below(samples.len() as u64) as usize].clone();
            map.insert(format!("xUnknown{depth}_{}", rng.below(1000)), pick);
        }
        Value::Array(items) => {
            for child in items {
                sprinkle_unknown(child, rng, depth + 1);
            }
        }
        _ => {}
    }
}

/// Replaces some present values by `null` and removes some keys: absent, null and present must all survive.
fn nullify_and_drop(v: &mut Value, rng: &mut Rng) {
    if let Value::Object(map) = v {
        let keys: Vec<String> = map.keys().cloned().collect();
        for k in keys {
            match rng.below(10) {
                0 => {
                    map.insert(k, Value::Null);
                }
                1 => {
                    map.remove(&k);
                }
                _ if MAPS.contains(&k.as_str()) => {}
                _ => nullify_and_drop(map.get_mut(&k).unwrap(), rng),
            }
        }
    } else if let Value::Array(items) = v {
        for child in items {
            nullify_and_drop(child, rng);
        }
    }
}
