fn main() {
    println!("imagetag-devserver: not built yet");
}
