import * as $protobuf from "protobufjs/minimal.js";
import Long = require("long");

/** Namespace sls_logs. */
export namespace sls_logs {

    /**
     * Properties of a Log.
     * @deprecated Use sls_logs.Log.$Properties instead.
     */
    interface ILog extends sls_logs.Log.$Properties {
    }

    /** Represents a Log. */
    class Log {

        /**
         * Constructs a new Log.
         * @param [properties] Properties to set
         */
        constructor(properties?: sls_logs.Log.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** Log Time. */
        Time: number;

        /** Log Contents. */
        Contents: sls_logs.Log.Content.$Properties[];

        /** Log Values. */
        Values: string[];

        /** Log Time_ns. */
        Time_ns: number;

        /**
         * Encodes the specified Log message. Does not implicitly {@link sls_logs.Log.verify|verify} messages.
         * @param message Log message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: sls_logs.Log.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a Log message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {sls_logs.Log & sls_logs.Log.$Shape} Log
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): sls_logs.Log & sls_logs.Log.$Shape;
    }

    namespace Log {

        /** Properties of a Log. */
        interface $Properties {

            /** Log Time */
            Time: number;

            /** Log Contents */
            Contents?: (sls_logs.Log.Content.$Properties[]|null);

            /** Log Values */
            Values?: (string[]|null);

            /** Log Time_ns */
            Time_ns?: (number|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a Log. */
        type $Shape = sls_logs.Log.$Properties;

        /**
         * Properties of a Content.
         * @deprecated Use sls_logs.Log.Content.$Properties instead.
         */
        interface IContent extends sls_logs.Log.Content.$Properties {
        }

        /** Represents a Content. */
        class Content {

            /**
             * Constructs a new Content.
             * @param [properties] Properties to set
             */
            constructor(properties?: sls_logs.Log.Content.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Content Key. */
            Key: string;

            /** Content Value. */
            Value: string;

            /**
             * Encodes the specified Content message. Does not implicitly {@link sls_logs.Log.Content.verify|verify} messages.
             * @param message Content message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: sls_logs.Log.Content.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a Content message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {sls_logs.Log.Content & sls_logs.Log.Content.$Shape} Content
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): sls_logs.Log.Content & sls_logs.Log.Content.$Shape;
        }

        namespace Content {

            /** Properties of a Content. */
            interface $Properties {

                /** Content Key */
                Key: string;

                /** Content Value */
                Value: string;

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a Content. */
            type $Shape = sls_logs.Log.Content.$Properties;
        }
    }

    /**
     * Properties of a LogTag.
     * @deprecated Use sls_logs.LogTag.$Properties instead.
     */
    interface ILogTag extends sls_logs.LogTag.$Properties {
    }

    /** Represents a LogTag. */
    class LogTag {

        /**
         * Constructs a new LogTag.
         * @param [properties] Properties to set
         */
        constructor(properties?: sls_logs.LogTag.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** LogTag Key. */
        Key: string;

        /** LogTag Value. */
        Value: string;

        /**
         * Encodes the specified LogTag message. Does not implicitly {@link sls_logs.LogTag.verify|verify} messages.
         * @param message LogTag message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: sls_logs.LogTag.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a LogTag message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {sls_logs.LogTag & sls_logs.LogTag.$Shape} LogTag
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): sls_logs.LogTag & sls_logs.LogTag.$Shape;
    }

    namespace LogTag {

        /** Properties of a LogTag. */
        interface $Properties {

            /** LogTag Key */
            Key: string;

            /** LogTag Value */
            Value: string;

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a LogTag. */
        type $Shape = sls_logs.LogTag.$Properties;
    }

    /**
     * Properties of a LogGroup.
     * @deprecated Use sls_logs.LogGroup.$Properties instead.
     */
    interface ILogGroup extends sls_logs.LogGroup.$Properties {
    }

    /** Represents a LogGroup. */
    class LogGroup {

        /**
         * Constructs a new LogGroup.
         * @param [properties] Properties to set
         */
        constructor(properties?: sls_logs.LogGroup.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** LogGroup Logs. */
        Logs: sls_logs.Log.$Properties[];

        /** LogGroup Category. */
        Category: string;

        /** LogGroup Topic. */
        Topic: string;

        /** LogGroup Source. */
        Source: string;

        /** LogGroup MachineUUID. */
        MachineUUID: string;

        /** LogGroup LogTags. */
        LogTags: sls_logs.LogTag.$Properties[];

        /**
         * Encodes the specified LogGroup message. Does not implicitly {@link sls_logs.LogGroup.verify|verify} messages.
         * @param message LogGroup message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: sls_logs.LogGroup.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a LogGroup message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {sls_logs.LogGroup & sls_logs.LogGroup.$Shape} LogGroup
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): sls_logs.LogGroup & sls_logs.LogGroup.$Shape;
    }

    namespace LogGroup {

        /** Properties of a LogGroup. */
        interface $Properties {

            /** LogGroup Logs */
            Logs?: (sls_logs.Log.$Properties[]|null);

            /** LogGroup Category */
            Category?: (string|null);

            /** LogGroup Topic */
            Topic?: (string|null);

            /** LogGroup Source */
            Source?: (string|null);

            /** LogGroup MachineUUID */
            MachineUUID?: (string|null);

            /** LogGroup LogTags */
            LogTags?: (sls_logs.LogTag.$Properties[]|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a LogGroup. */
        type $Shape = sls_logs.LogGroup.$Properties;
    }

    /**
     * Properties of a LogGroupList.
     * @deprecated Use sls_logs.LogGroupList.$Properties instead.
     */
    interface ILogGroupList extends sls_logs.LogGroupList.$Properties {
    }

    /** Represents a LogGroupList. */
    class LogGroupList {

        /**
         * Constructs a new LogGroupList.
         * @param [properties] Properties to set
         */
        constructor(properties?: sls_logs.LogGroupList.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** LogGroupList logGroupList. */
        logGroupList: sls_logs.LogGroup.$Properties[];

        /**
         * Encodes the specified LogGroupList message. Does not implicitly {@link sls_logs.LogGroupList.verify|verify} messages.
         * @param message LogGroupList message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: sls_logs.LogGroupList.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a LogGroupList message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {sls_logs.LogGroupList & sls_logs.LogGroupList.$Shape} LogGroupList
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): sls_logs.LogGroupList & sls_logs.LogGroupList.$Shape;
    }

    namespace LogGroupList {

        /** Properties of a LogGroupList. */
        interface $Properties {

            /** LogGroupList logGroupList */
            logGroupList?: (sls_logs.LogGroup.$Properties[]|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a LogGroupList. */
        type $Shape = sls_logs.LogGroupList.$Properties;
    }
}
