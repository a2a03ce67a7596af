#!/usr/bin/env node
'use strict';
// The CLI lives in the bundle, which runs as soon as it is loaded.
require('../dist/cli.js');
