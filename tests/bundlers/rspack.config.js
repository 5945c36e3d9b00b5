// rspack (the console plugin template builds with it too): the webpack configuration, unchanged.
const path = require('node:path');

module.exports = {
  mode: 'production',
  entry: path.resolve(__dirname, 'app', 'main.js'),
  output: { path: path.resolve(__dirname, 'dist', 'rspack'), filename: 'main.js', publicPath: 'auto', clean: true },
  devtool: false,
  performance: { hints: false },
};
