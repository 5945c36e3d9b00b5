// Builds the plugin as the console loads it: ConsoleRemotePlugin turns package.json's `consolePlugin` and
// console-extensions.json into dist/plugin-manifest.json and a module federation container
// (plugin-entry.js), served by the console under /api/plugins/imagetag-plugin/ (it sets publicPath).
// The package's .wasm is an asset: the glue's `new URL('imagetag_bg.wasm', import.meta.url)` makes webpack
// emit it next to the chunks, and init() fetches it from there.
const path = require('node:path');
const { ConsoleRemotePlugin } = require('@openshift-console/dynamic-plugin-sdk-webpack');

module.exports = (_env, argv) => ({
  mode: argv.mode ?? 'production',
  entry: {},
  output: {
    path: path.resolve(__dirname, 'dist'),
    filename: '[name]-bundle-[contenthash].min.js',
    chunkFilename: '[name]-chunk-[chunkhash].min.js',
    assetModuleFilename: '[name]-[contenthash][ext]',
    // A rebuild replaces dist/ whole: no chunk or .wasm of an earlier build stays beside the new ones.
    clean: true,
  },
  resolve: { extensions: ['.ts', '.tsx', '.js'] },
  module: {
    rules: [{ test: /\.tsx?$/, exclude: /node_modules/, loader: 'ts-loader' }],
  },
  plugins: [new ConsoleRemotePlugin()],
  devtool: false,
  performance: { hints: false },
});
