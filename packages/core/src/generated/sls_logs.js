/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-mixed-operators, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars, default-case, jsdoc/require-param*/
import $protobuf from "protobufjs/minimal.js";

// Common aliases
const $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;
const $Object = $util.global.Object, $undefined = $util.global.undefined, $Error = $util.global.Error, $RangeError = $util.global.RangeError;

// Exported root namespace
const $root = $protobuf.roots["logflush_core"] || ($protobuf.roots["logflush_core"] = {});

export const sls_logs = $root.sls_logs = (() => {

    /**
     * Namespace sls_logs.
     * @exports sls_logs
     * @namespace
     */
    const sls_logs = {};

    sls_logs.Log = (function() {

        /**
         * Properties of a Log.
         * @typedef {Object} sls_logs.Log.$Properties
         * @property {number} Time Log Time
         * @property {Array.<sls_logs.Log.Content.$Properties>|null} [Contents] Log Contents
         * @property {Array.<string>|null} [Values] Log Values
         * @property {number|null} [Time_ns] Log Time_ns
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a Log.
         * @memberof sls_logs
         * @interface ILog
         * @augments sls_logs.Log.$Properties
         * @deprecated Use sls_logs.Log.$Properties instead.
         */

        /**
         * Shape of a Log.
         * @typedef {sls_logs.Log.$Properties} sls_logs.Log.$Shape
         */

        /**
         * Constructs a new Log.
         * @memberof sls_logs
         * @classdesc Represents a Log.
         * @constructor
         * @param {sls_logs.Log.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const Log = function (properties) {
            this.Contents = [];
            this.Values = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * Log Time.
         * @member {number} Time
         * @memberof sls_logs.Log
         * @instance
         */
        Log.prototype.Time = 0;

        /**
         * Log Contents.
         * @member {Array.<sls_logs.Log.Content.$Properties>} Contents
         * @memberof sls_logs.Log
         * @instance
         */
        Log.prototype.Contents = $util.emptyArray;

        /**
         * Log Values.
         * @member {Array.<string>} Values
         * @memberof sls_logs.Log
         * @instance
         */
        Log.prototype.Values = $util.emptyArray;

        /**
         * Log Time_ns.
         * @member {number} Time_ns
         * @memberof sls_logs.Log
         * @instance
         */
        Log.prototype.Time_ns = 0;

        /**
         * Encodes the specified Log message. Does not implicitly {@link sls_logs.Log.verify|verify} messages.
         * @function encode
         * @memberof sls_logs.Log
         * @static
         * @param {sls_logs.Log.$Properties} message Log message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Log.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.Time);
            if (message.Contents != null && message.Contents.length)
                for (let i = 0; i < message.Contents.length; ++i)
                    $root.sls_logs.Log.Content.encode(message.Contents[i], writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
            if (message.Values != null && message.Values.length)
                for (let i = 0; i < message.Values.length; ++i)
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.Values[i]);
            if (message.Time_ns != null && $Object.hasOwnProperty.call(message, "Time_ns"))
                writer.uint32(/* id 4, wireType 5 =*/37).fixed32(message.Time_ns);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a Log message from the specified reader or buffer.
         * @function decode
         * @memberof sls_logs.Log
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {sls_logs.Log & sls_logs.Log.$Shape} Log
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Log.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.sls_logs.Log();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        message.Time = reader.uint32();
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if (!(message.Contents && message.Contents.length))
                            message.Contents = [];
                        message.Contents.push($root.sls_logs.Log.Content.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if (!(message.Values && message.Values.length))
                            message.Values = [];
                        message.Values.push(reader.string());
                        continue;
                    }
                case 4: {
                        if (wireType !== 5)
                            break;
                        message.Time_ns = reader.fixed32();
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            if (!$Object.hasOwnProperty.call(message, "Time"))
                throw $util.ProtocolError("missing required 'Time'", { instance: message });
            return message;
        };

        Log.Content = (function() {

            /**
             * Properties of a Content.
             * @typedef {Object} sls_logs.Log.Content.$Properties
             * @property {string} Key Content Key
             * @property {string} Value Content Value
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Content.
             * @memberof sls_logs.Log
             * @interface IContent
             * @augments sls_logs.Log.Content.$Properties
             * @deprecated Use sls_logs.Log.Content.$Properties instead.
             */

            /**
             * Shape of a Content.
             * @typedef {sls_logs.Log.Content.$Properties} sls_logs.Log.Content.$Shape
             */

            /**
             * Constructs a new Content.
             * @memberof sls_logs.Log
             * @classdesc Represents a Content.
             * @constructor
             * @param {sls_logs.Log.Content.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Content = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Content Key.
             * @member {string} Key
             * @memberof sls_logs.Log.Content
             * @instance
             */
            Content.prototype.Key = "";

            /**
             * Content Value.
             * @member {string} Value
             * @memberof sls_logs.Log.Content
             * @instance
             */
            Content.prototype.Value = "";

            /**
             * Encodes the specified Content message. Does not implicitly {@link sls_logs.Log.Content.verify|verify} messages.
             * @function encode
             * @memberof sls_logs.Log.Content
             * @static
             * @param {sls_logs.Log.Content.$Properties} message Content message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Content.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.Key);
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.Value);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a Content message from the specified reader or buffer.
             * @function decode
             * @memberof sls_logs.Log.Content
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {sls_logs.Log.Content & sls_logs.Log.Content.$Shape} Content
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Content.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.sls_logs.Log.Content();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            message.Key = reader.string();
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            message.Value = reader.string();
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                if (!$Object.hasOwnProperty.call(message, "Key"))
                    throw $util.ProtocolError("missing required 'Key'", { instance: message });
                if (!$Object.hasOwnProperty.call(message, "Value"))
                    throw $util.ProtocolError("missing required 'Value'", { instance: message });
                return message;
            };

            return Content;
        })();

        return Log;
    })();

    sls_logs.LogTag = (function() {

        /**
         * Properties of a LogTag.
         * @typedef {Object} sls_logs.LogTag.$Properties
         * @property {string} Key LogTag Key
         * @property {string} Value LogTag Value
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a LogTag.
         * @memberof sls_logs
         * @interface ILogTag
         * @augments sls_logs.LogTag.$Properties
         * @deprecated Use sls_logs.LogTag.$Properties instead.
         */

        /**
         * Shape of a LogTag.
         * @typedef {sls_logs.LogTag.$Properties} sls_logs.LogTag.$Shape
         */

        /**
         * Constructs a new LogTag.
         * @memberof sls_logs
         * @classdesc Represents a LogTag.
         * @constructor
         * @param {sls_logs.LogTag.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const LogTag = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * LogTag Key.
         * @member {string} Key
         * @memberof sls_logs.LogTag
         * @instance
         */
        LogTag.prototype.Key = "";

        /**
         * LogTag Value.
         * @member {string} Value
         * @memberof sls_logs.LogTag
         * @instance
         */
        LogTag.prototype.Value = "";

        /**
         * Encodes the specified LogTag message. Does not implicitly {@link sls_logs.LogTag.verify|verify} messages.
         * @function encode
         * @memberof sls_logs.LogTag
         * @static
         * @param {sls_logs.LogTag.$Properties} message LogTag message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        LogTag.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            writer.uint32(/* id 1, wireType 2 =*/10).string(message.Key);
            writer.uint32(/* id 2, wireType 2 =*/18).string(message.Value);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a LogTag message from the specified reader or buffer.
         * @function decode
         * @memberof sls_logs.LogTag
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {sls_logs.LogTag & sls_logs.LogTag.$Shape} LogTag
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        LogTag.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.sls_logs.LogTag();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        message.Key = reader.string();
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        message.Value = reader.string();
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            if (!$Object.hasOwnProperty.call(message, "Key"))
                throw $util.ProtocolError("missing required 'Key'", { instance: message });
            if (!$Object.hasOwnProperty.call(message, "Value"))
                throw $util.ProtocolError("missing required 'Value'", { instance: message });
            return message;
        };

        return LogTag;
    })();

    sls_logs.LogGroup = (function() {

        /**
         * Properties of a LogGroup.
         * @typedef {Object} sls_logs.LogGroup.$Properties
         * @property {Array.<sls_logs.Log.$Properties>|null} [Logs] LogGroup Logs
         * @property {string|null} [Category] LogGroup Category
         * @property {string|null} [Topic] LogGroup Topic
         * @property {string|null} [Source] LogGroup Source
         * @property {string|null} [MachineUUID] LogGroup MachineUUID
         * @property {Array.<sls_logs.LogTag.$Properties>|null} [LogTags] LogGroup LogTags
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a LogGroup.
         * @memberof sls_logs
         * @interface ILogGroup
         * @augments sls_logs.LogGroup.$Properties
         * @deprecated Use sls_logs.LogGroup.$Properties instead.
         */

        /**
         * Shape of a LogGroup.
         * @typedef {sls_logs.LogGroup.$Properties} sls_logs.LogGroup.$Shape
         */

        /**
         * Constructs a new LogGroup.
         * @memberof sls_logs
         * @classdesc Represents a LogGroup.
         * @constructor
         * @param {sls_logs.LogGroup.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const LogGroup = function (properties) {
            this.Logs = [];
            this.LogTags = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * LogGroup Logs.
         * @member {Array.<sls_logs.Log.$Properties>} Logs
         * @memberof sls_logs.LogGroup
         * @instance
         */
        LogGroup.prototype.Logs = $util.emptyArray;

        /**
         * LogGroup Category.
         * @member {string} Category
         * @memberof sls_logs.LogGroup
         * @instance
         */
        LogGroup.prototype.Category = "";

        /**
         * LogGroup Topic.
         * @member {string} Topic
         * @memberof sls_logs.LogGroup
         * @instance
         */
        LogGroup.prototype.Topic = "";

        /**
         * LogGroup Source.
         * @member {string} Source
         * @memberof sls_logs.LogGroup
         * @instance
         */
        LogGroup.prototype.Source = "";

        /**
         * LogGroup MachineUUID.
         * @member {string} MachineUUID
         * @memberof sls_logs.LogGroup
         * @instance
         */
        LogGroup.prototype.MachineUUID = "";

        /**
         * LogGroup LogTags.
         * @member {Array.<sls_logs.LogTag.$Properties>} LogTags
         * @memberof sls_logs.LogGroup
         * @instance
         */
        LogGroup.prototype.LogTags = $util.emptyArray;

        /**
         * Encodes the specified LogGroup message. Does not implicitly {@link sls_logs.LogGroup.verify|verify} messages.
         * @function encode
         * @memberof sls_logs.LogGroup
         * @static
         * @param {sls_logs.LogGroup.$Properties} message LogGroup message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        LogGroup.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.Logs != null && message.Logs.length)
                for (let i = 0; i < message.Logs.length; ++i)
                    $root.sls_logs.Log.encode(message.Logs[i], writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
            if (message.Category != null && $Object.hasOwnProperty.call(message, "Category"))
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.Category);
            if (message.Topic != null && $Object.hasOwnProperty.call(message, "Topic"))
                writer.uint32(/* id 3, wireType 2 =*/26).string(message.Topic);
            if (message.Source != null && $Object.hasOwnProperty.call(message, "Source"))
                writer.uint32(/* id 4, wireType 2 =*/34).string(message.Source);
            if (message.MachineUUID != null && $Object.hasOwnProperty.call(message, "MachineUUID"))
                writer.uint32(/* id 5, wireType 2 =*/42).string(message.MachineUUID);
            if (message.LogTags != null && message.LogTags.length)
                for (let i = 0; i < message.LogTags.length; ++i)
                    $root.sls_logs.LogTag.encode(message.LogTags[i], writer.uint32(/* id 6, wireType 2 =*/50).fork(), _depth + 1).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a LogGroup message from the specified reader or buffer.
         * @function decode
         * @memberof sls_logs.LogGroup
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {sls_logs.LogGroup & sls_logs.LogGroup.$Shape} LogGroup
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        LogGroup.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.sls_logs.LogGroup();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if (!(message.Logs && message.Logs.length))
                            message.Logs = [];
                        message.Logs.push($root.sls_logs.Log.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        message.Category = reader.string();
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        message.Topic = reader.string();
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        message.Source = reader.string();
                        continue;
                    }
                case 5: {
                        if (wireType !== 2)
                            break;
                        message.MachineUUID = reader.string();
                        continue;
                    }
                case 6: {
                        if (wireType !== 2)
                            break;
                        if (!(message.LogTags && message.LogTags.length))
                            message.LogTags = [];
                        message.LogTags.push($root.sls_logs.LogTag.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        return LogGroup;
    })();

    sls_logs.LogGroupList = (function() {

        /**
         * Properties of a LogGroupList.
         * @typedef {Object} sls_logs.LogGroupList.$Properties
         * @property {Array.<sls_logs.LogGroup.$Properties>|null} [logGroupList] LogGroupList logGroupList
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a LogGroupList.
         * @memberof sls_logs
         * @interface ILogGroupList
         * @augments sls_logs.LogGroupList.$Properties
         * @deprecated Use sls_logs.LogGroupList.$Properties instead.
         */

        /**
         * Shape of a LogGroupList.
         * @typedef {sls_logs.LogGroupList.$Properties} sls_logs.LogGroupList.$Shape
         */

        /**
         * Constructs a new LogGroupList.
         * @memberof sls_logs
         * @classdesc Represents a LogGroupList.
         * @constructor
         * @param {sls_logs.LogGroupList.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const LogGroupList = function (properties) {
            this.logGroupList = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * LogGroupList logGroupList.
         * @member {Array.<sls_logs.LogGroup.$Properties>} logGroupList
         * @memberof sls_logs.LogGroupList
         * @instance
         */
        LogGroupList.prototype.logGroupList = $util.emptyArray;

        /**
         * Encodes the specified LogGroupList message. Does not implicitly {@link sls_logs.LogGroupList.verify|verify} messages.
         * @function encode
         * @memberof sls_logs.LogGroupList
         * @static
         * @param {sls_logs.LogGroupList.$Properties} message LogGroupList message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        LogGroupList.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.logGroupList != null && message.logGroupList.length)
                for (let i = 0; i < message.logGroupList.length; ++i)
                    $root.sls_logs.LogGroup.encode(message.logGroupList[i], writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a LogGroupList message from the specified reader or buffer.
         * @function decode
         * @memberof sls_logs.LogGroupList
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {sls_logs.LogGroupList & sls_logs.LogGroupList.$Shape} LogGroupList
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        LogGroupList.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.sls_logs.LogGroupList();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if (!(message.logGroupList && message.logGroupList.length))
                            message.logGroupList = [];
                        message.logGroupList.push($root.sls_logs.LogGroup.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        return LogGroupList;
    })();

    return sls_logs;
})();

export {
  $root as default
};
