use clap::error::ErrorKind;
use clap::Parser;
use imagetag_devserver::config::Config;
use imagetag_devserver::server;

fn main() {
    let cfg = match Config::try_parse() {
        Ok(c) => c,
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => e.exit(),
        Err(e) => {
            let what = if e.kind() == ErrorKind::UnknownArgument { "unknown argument: " } else { "" };
            eprintln!("imagetag-devserver: {what}{}", e.render());
            std::process::exit(2);
        }
    };
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("tokio runtime");
    if let Err(e) = rt.block_on(server::run(cfg)) {
        eprintln!("imagetag-devserver: {e}");
        std::process::exit(1);
    }
}
