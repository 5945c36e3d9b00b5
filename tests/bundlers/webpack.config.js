// webpack 5, two ways a console serves an app: `publicPath: 'auto'` (the chunks and the .wasm are found
// next to the script, wherever it is served) and a fixed sub-path. Nothing else is needed for the package:
// webpack emits the .wasm as an asset from the glue's `new URL('imagetag_bg.wasm', import.meta.url)`.
const path = require('node:path');

const app = (name, publicPath) => ({
  name,
  mode: 'production',
  entry: path.resolve(__dirname, 'app', 'main.js'),
  output: { path: path.resolve(__dirname, 'dist', name), filename: 'main.js', publicPath, clean: true },
  devtool: false,
  performance: { hints: false },
});

module.exports = [app('webpack-auto', 'auto'), app('webpack-subpath', '/console/webpack-subpath/')];
