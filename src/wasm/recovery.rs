//! Panic and out-of-memory recovery: what happens when something goes wrong *inside* the module (a Rust
//! panic, running out of memory, or any other WebAssembly trap).
//!
//! With `panic = "abort"` there is no unwinding: a panic ends in a trap (`RuntimeError: unreachable`),
//! which leaves the instance in an unknown state (the shadow-stack pointer is never restored, a borrow
//! flag or the allocator may be half-updated, and the panic count stays raised so a second panic would
//! abort without a message). So nothing tries to continue on it:
//!
//! - a panic runs [`on_panic`], which asks wasm-bindgen's glue for a fresh `WebAssembly.Instance` before
//!   the next call (`schedule_reinit`) and throws an `ImageTagError` with code `internal` whose message
//!   carries the panic message and location, instead of trapping;
//! - a failed allocation does the same from the global allocator (with a plain `Error` thrown without
//!   allocating; the package entries turn it into an `ImageTagError`);
//! - any other trap (stack overflow, a trap in code that does not panic) is caught by the package entries
//!   (scripts/package-entries.mjs), which call [`schedule_reset`] and throw an `ImageTagError` `internal`.
//!
//! The package entries also carry out the reset as soon as the failing call has unwound
//! ([`reset_now`]), reject the async calls in flight (their state died with the instance), catch what
//! fails inside an async call's step, and make every `ImageTagClient` again in the fresh instance
//! (scripts/package-entries.mjs). Every export takes its arguments as `JsValue`s and checks their types
//! itself, so that no argument is copied by the glue before a scheduled reset, and a wrong type is a
//! `schema` error, never a trap.
//!
//! `__imagetagTestPanic` and `__imagetagTestPanicAsync` exist only so the Node and browser tests can cause
//! each of these on purpose; they are not in the public `.d.ts`.

use std::alloc::{GlobalAlloc, Layout, System};

use wasm_bindgen::prelude::*;

use super::js_error;
use crate::error::{Error, ErrorCode};

/// Installs the panic hook when the module is instantiated (again after every reset). Hidden: not in the
/// `.d.ts`, and the package entries do not re-export `__` names.
#[wasm_bindgen(start, js_name = __imagetagStart, skip_typescript)]
fn start() {
    std::panic::set_hook(Box::new(on_panic));
}

fn on_panic(info: &std::panic::PanicHookInfo) {
    wasm_bindgen::handler::schedule_reinit();
    let what = info.payload_as_str().unwrap_or("(no message)");
    let message = match info.location() {
        Some(l) => {
            format!("internal error: {what} (at {}:{}:{}); the module has been reset", l.file(), l.line(), l.column())
        }
        None => format!("internal error: {what}; the module has been reset"),
    };
    wasm_bindgen::throw_val(js_error(&Error::new(ErrorCode::Internal, message)))
}

/// The message of the plain `Error` an allocation failure throws; the package entries recognise it.
const OUT_OF_MEMORY: &str = "imagetag: out of memory (the WebAssembly memory could not grow)";

/// The system allocator, except that a failed allocation schedules a fresh instance and throws instead of
/// aborting (nothing here allocates: the message is static).
struct ResettingAllocator;

fn out_of_memory() -> ! {
    wasm_bindgen::handler::schedule_reinit();
    wasm_bindgen::throw_str(OUT_OF_MEMORY)
}

unsafe impl GlobalAlloc for ResettingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if p.is_null() {
            out_of_memory()
        }
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc_zeroed(layout);
        if p.is_null() {
            out_of_memory()
        }
        p
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = System.realloc(ptr, layout, new_size);
        if p.is_null() {
            out_of_memory()
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static ALLOCATOR: ResettingAllocator = ResettingAllocator;

/// Asks for a fresh instance before the next call. The package entries call it after a trap they catch;
/// it touches no memory, so it works on an instance whose stack pointer is gone.
#[wasm_bindgen(js_name = __imagetagScheduleReset, skip_typescript)]
pub fn schedule_reset() {
    wasm_bindgen::handler::schedule_reinit();
}

/// Does nothing. The package entries call it right after [`schedule_reset`] (or after a panic or an
/// allocation failure, which schedule the reset themselves): the glue carries out a scheduled reset at
/// the start of the next call, and this call is one without arguments, so no argument is ever copied into
/// the memory of the instance that is about to be replaced.
#[wasm_bindgen(js_name = __imagetagResetNow, skip_typescript)]
pub fn reset_now() {}

/// Test only (not in the `.d.ts`): fails on purpose, as `kind` says: `panic` (a Rust panic), `trap` (an
/// `unreachable` without a panic), `stack` (unbounded recursion), `oom` (allocations until memory runs
/// out). Any other `kind` returns it unchanged, to check that the module still works.
#[wasm_bindgen(js_name = __imagetagTestPanic, skip_typescript)]
pub fn test_panic(kind: JsValue) -> Result<String, JsValue> {
    let kind = super::string_arg(&kind, "kind")?;
    Ok(fail_as(&kind))
}

/// Test only (not in the `.d.ts`): [`test_panic`] inside an async call, after one turn of the event
/// loop, the way a client call fails; resolves to `kind` for any other `kind`.
#[wasm_bindgen(js_name = __imagetagTestPanicAsync, skip_typescript)]
pub fn test_panic_async(kind: JsValue) -> js_sys::Promise {
    wasm_bindgen_futures::future_to_promise(async move {
        let kind = super::string_arg(&kind, "kind")?;
        let tick = js_sys::Promise::resolve(&JsValue::UNDEFINED);
        wasm_bindgen_futures::JsFuture::from(tick).await?;
        Ok(JsValue::from_str(&fail_as(&kind)))
    })
}

fn fail_as(kind: &str) -> String {
    match kind {
        "panic" => panic!("test panic requested by __imagetagTestPanic"),
        "trap" => core::arch::wasm32::unreachable(),
        "stack" => {
            #[inline(never)]
            fn down(n: u64, buf: &mut [u8; 256]) -> u64 {
                if n == u64::MAX {
                    return 0;
                }
                let mut mine = [n as u8; 256];
                mine[0] ^= buf[1];
                std::hint::black_box(&mut mine);
                down(n + 1, &mut mine) + mine[2] as u64
            }
            down(0, &mut [0; 256]).to_string()
        }
        "oom" => {
            let mut kept = Vec::new();
            loop {
                // 1 GiB at a time (never touched, so no real memory is used): the fourth cannot fit.
                let layout = Layout::from_size_align(1 << 30, 8).unwrap();
                kept.push(unsafe { std::alloc::alloc(layout) } as usize);
                std::hint::black_box(&kept);
            }
        }
        other => other.to_string(),
    }
}
