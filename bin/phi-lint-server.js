#!/usr/bin/env node
'use strict';
// The language server lives in the bundle, which starts listening as soon as it is loaded.
require('../dist/server.js');
