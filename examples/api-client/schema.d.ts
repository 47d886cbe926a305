// Generated from docs/openapi.json by `npm run docs:openapi` (openapi-typescript); do not edit.
export interface paths {
    "/api/v1/accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign up
         * @description The same answer, byte for byte, whether the address is new or has an account; a code goes to the address by mail.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email: string;
                        password: string;
                    };
                };
            };
            responses: {
                /** @description A mail with a code is on its way (status `verification_sent`). */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CodeSent"];
                    };
                };
                /** @description Problem: `bad_request`, `invalid_json`. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "bad_request" | "invalid_json";
                        };
                    };
                };
                /** @description Problem: `body_too_large`. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "body_too_large";
                        };
                    };
                };
                /** @description Problem: `unsupported_media_type`. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "unsupported_media_type";
                        };
                    };
                };
                /** @description Problem: `validation_failed`, `email_invalid`, `email_confusable`, `password_too_short`, `password_too_long`, `password_too_common`, `password_invalid`. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "validation_failed" | "email_invalid" | "email_confusable" | "password_too_short" | "password_too_long" | "password_too_common" | "password_invalid";
                        };
                    };
                };
                /** @description Problem: `rate_limited`. */
                429: {
                    headers: {
                        /** @description Seconds to wait before trying again. */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                };
                /** @description Problem: `internal`. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "internal";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/accounts/verification-code": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A new code for an address not proven yet
         * @description The same answer for every address; only an unproven account’s address gets a mail.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email: string;
                    };
                };
            };
            responses: {
                /** @description A mail is on its way if the address awaits proof. */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CodeSent"];
                    };
                };
                /** @description Problem: `bad_request`, `invalid_json`. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "bad_request" | "invalid_json";
                        };
                    };
                };
                /** @description Problem: `body_too_large`. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "body_too_large";
                        };
                    };
                };
                /** @description Problem: `unsupported_media_type`. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "unsupported_media_type";
                        };
                    };
                };
                /** @description Problem: `validation_failed`, `email_invalid`, `email_confusable`. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "validation_failed" | "email_invalid" | "email_confusable";
                        };
                    };
                };
                /** @description Problem: `rate_limited`. */
                429: {
                    headers: {
                        /** @description Seconds to wait before trying again. */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                };
                /** @description Problem: `internal`. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "internal";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/accounts/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Prove the address and sign in */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code: string;
                        email: string;
                    };
                };
            };
            responses: {
                /** @description Signed in. */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Token"];
                    };
                };
                /** @description Problem: `bad_request`, `invalid_json`. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "bad_request" | "invalid_json";
                        };
                    };
                };
                /** @description Problem: `code_invalid`. */
                401: {
                    headers: {
                        /** @description `Bearer` */
                        "WWW-Authenticate"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "code_invalid";
                        };
                    };
                };
                /** @description Problem: `body_too_large`. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "body_too_large";
                        };
                    };
                };
                /** @description Problem: `unsupported_media_type`. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "unsupported_media_type";
                        };
                    };
                };
                /** @description Problem: `validation_failed`. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "validation_failed";
                        };
                    };
                };
                /** @description Problem: `internal`. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "internal";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who is signed in */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The account and its numbers. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            email: string;
                            emailVerified: boolean;
                            id: string;
                            phones: components["schemas"]["Phone"][];
                        };
                    };
                };
                /** @description Problem: `unauthenticated`. */
                401: {
                    headers: {
                        /** @description `Bearer` */
                        "WWW-Authenticate"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "unauthenticated";
                        };
                    };
                };
                /** @description Problem: `internal`. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "internal";
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete the account
         * @description Needs a sign-in within ten minutes and the account's email typed to confirm. Everything about the person goes; a last notice goes to the proven address and verified numbers.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email: string;
                    };
                };
            };
            responses: {
                /** @description The account and everything about the person are gone. */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Problem: `bad_request`, `invalid_json`. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "bad_request" | "invalid_json";
                        };
                    };
                };
                /** @description Problem: `unauthenticated`. */
                401: {
                    headers: {
                        /** @description `Bearer` */
                        "WWW-Authenticate"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "unauthenticated";
                        };
                    };
                };
                /** @description Problem: `reauthentication_required`. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "reauthentication_required";
                        };
                    };
                };
                /** @description Problem: `body_too_large`. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "body_too_large";
                        };
                    };
                };
                /** @description Problem: `unsupported_media_type`. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "unsupported_media_type";
                        };
                    };
                };
                /** @description Problem: `validation_failed`, `email_mismatch`. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "validation_failed" | "email_mismatch";
                        };
                    };
                };
                /** @description Problem: `internal`. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "internal";
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/activity": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Recent activity */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Newest first. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Activity"][];
                    };
                };
                /** @description Problem: `unauthenticated`. */
                401: {
                    headers: {
                        /** @description `Bearer` */
                        "WWW-Authenticate"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "unauthenticated";
                        };
                    };
                };
                /** @description Problem: `internal`. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "internal";
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/email": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change the email: a code to the new address
         * @description Needs a sign-in within ten minutes. The same answer, in its bytes and its time, whether or not another account holds the address (that one gets a mail saying someone tried).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email: string;
                    };
                };
            };
            responses: {
                /** @description A code was mailed to the new address, or its holder was told. */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CodeSent"];
                    };
                };
                /** @description Problem: `bad_request`, `invalid_json`. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "bad_request" | "invalid_json";
                        };
                    };
                };
                /** @description Problem: `unauthenticated`. */
                401: {
                    headers: {
                        /** @description `Bearer` */
                        "WWW-Authenticate"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "unauthenticated";
                        };
                    };
                };
                /** @description Problem: `reauthentication_required`. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "reauthentication_required";
                        };
                    };
                };
                /** @description Problem: `body_too_large`. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "body_too_large";
                        };
                    };
                };
                /** @description Problem: `unsupported_media_type`. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "unsupported_media_type";
                        };
                    };
                };
                /** @description Problem: `validation_failed`, `email_invalid`, `email_confusable`, `email_unchanged`. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "validation_failed" | "email_invalid" | "email_confusable" | "email_unchanged";
                        };
                    };
                };
                /** @description Problem: `rate_limited`. */
                429: {
                    headers: {
                        /** @description Seconds to wait before trying again. */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                };
                /** @description Problem: `internal`. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "internal";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/email/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change the email: the code from the new address
         * @description The address changes and is proven; every other session ends; the numbers get a text and the old address a mail with a link that undoes the change for seven days.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code: string;
                    };
                };
            };
            responses: {
                /** @description The account with its new address. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            email: string;
                            emailVerified: boolean;
                            id: string;
                            phones: components["schemas"]["Phone"][];
                        };
                    };
                };
                /** @description Problem: `bad_request`, `invalid_json`. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "bad_request" | "invalid_json";
                        };
                    };
                };
                /** @description Problem: `unauthenticated`. */
                401: {
                    headers: {
                        /** @description `Bearer` */
                        "WWW-Authenticate"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "unauthenticated";
                        };
                    };
                };
                /** @description Problem: `email_taken`. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "email_taken";
                        };
                    };
                };
                /** @description Problem: `body_too_large`. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "body_too_large";
                        };
                    };
                };
                /** @description Problem: `unsupported_media_type`. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "unsupported_media_type";
                        };
                    };
                };
                /** @description Problem: `validation_failed`, `verification_code_invalid`. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "validation_failed" | "verification_code_invalid";
                        };
                    };
                };
                /** @description Problem: `internal`. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "internal";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Everything kept about the person */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description One JSON document, no secrets. */
                200: {
                    headers: {
                        /** @description `attachment; filename="engangskod-export.json"` */
                        "Content-Disposition"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            account: {
                                createdAt: string;
                                email: string;
                                emailVerified: boolean;
                                id: string;
                            };
                            activity: components["schemas"]["Activity"][];
                            exportedAt: string;
                            /** @enum {string} */
                            format: "engangskod-export/1";
                            passkeys: components["schemas"]["Passkey"][];
                            phones: {
                                addedAt: string;
                                e164: string;
                                id: string;
                                region: string;
                                verified: boolean;
                                verifiedAt: string | null;
                            }[];
                            sessions: components["schemas"]["SessionView"][];
                            websites: components["schemas"]["Website"][];
                        };
                    };
                };
                /** @description Problem: `unauthenticated`. */
                401: {
                    headers: {
                        /** @description `Bearer` */
                        "WWW-Authenticate"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "unauthenticated";
                        };
                    };
                };
                /** @description Problem: `internal`. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "internal";
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/passkeys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The account's passkeys */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Newest first. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Passkey"][];
                    };
                };
                /** @description Problem: `unauthenticated`. */
                401: {
                    headers: {
                        /** @description `Bearer` */
                        "WWW-Authenticate"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "unauthenticated";
                        };
                    };
                };
                /** @description Problem: `internal`. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "internal";
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Add a passkey
         * @description The body is the new credential's toJSON(), made with the options of POST /api/v1/me/passkeys/options. A notice goes by text and mail.
         */
        post: {
            parameters: {
                query?: {
                    name?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        authenticatorAttachment?: "platform" | "cross-platform";
                        /** @default {} */
                        clientExtensionResults?: {
                            [key: string]: unknown;
                        };
                        id: string;
                        rawId: string;
                        response: {
                            attestationObject: string;
                            clientDataJSON: string;
                            transports?: string[];
                        } & {
                            [key: string]: unknown;
                        };
                        /** @enum {string} */
                        type: "public-key";
                    };
                };
            };
            responses: {
                /** @description The passkey was added. */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdAt: string;
                            id: string;
                            name: string;
                        };
                    };
                };
                /** @description Problem: `bad_request`, `invalid_json`. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "bad_request" | "invalid_json";
                        };
                    };
                };
                /** @description Problem: `unauthenticated`. */
                401: {
                    headers: {
                        /** @description `Bearer` */
                        "WWW-Authenticate"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "unauthenticated";
                        };
                    };
                };
                /** @description Problem: `reauthentication_required`. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "reauthentication_required";
                        };
                    };
                };
                /** @description Problem: `passkey_limit_reached`. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "passkey_limit_reached";
                        };
                    };
                };
                /** @description Problem: `body_too_large`. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "body_too_large";
                        };
                    };
                };
                /** @description Problem: `unsupported_media_type`. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "unsupported_media_type";
                        };
                    };
                };
                /** @description Problem: `validation_failed`, `passkey_rejected`. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "validation_failed" | "passkey_rejected";
                        };
                    };
                };
                /** @description Problem: `internal`. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "internal";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/passkeys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove a passkey
         * @description Needs a sign-in within ten minutes. A notice goes by text and mail.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Removed: it signs no one in any more. */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Problem: `bad_request`, `invalid_json`. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "bad_request" | "invalid_json";
                        };
                    };
                };
                /** @description Problem: `unauthenticated`. */
                401: {
                    headers: {
                        /** @description `Bearer` */
                        "WWW-Authenticate"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "unauthenticated";
                        };
                    };
                };
                /** @description Problem: `reauthentication_required`. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "reauthentication_required";
                        };
                    };
                };
                /** @description Problem: `passkey_not_found`. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "passkey_not_found";
                        };
                    };
                };
                /** @description Problem: `body_too_large`. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "body_too_large";
                        };
                    };
                };
                /** @description Problem: `unsupported_media_type`. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "unsupported_media_type";
                        };
                    };
                };
                /** @description Problem: `internal`. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "internal";
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/passkeys/options": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Options for adding a passkey
         * @description Needs a sign-in within ten minutes. The challenge is bound to this session and works once, for five minutes.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description PublicKeyCredentialCreationOptionsJSON. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            attestation?: string;
                            authenticatorSelection?: {
                                [key: string]: unknown;
                            };
                            challenge: string;
                            excludeCredentials?: ({
                                id: string;
                                type: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            pubKeyCredParams: ({
                                alg: number;
                                type: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            rp: {
                                id: string;
                                name: string;
                            } & {
                                [key: string]: unknown;
                            };
                            timeout?: number;
                            user: {
                                displayName: string;
                                id: string;
                                name: string;
                            } & {
                                [key: string]: unknown;
                            };
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Problem: `bad_request`, `invalid_json`. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "bad_request" | "invalid_json";
                        };
                    };
                };
                /** @description Problem: `unauthenticated`. */
                401: {
                    headers: {
                        /** @description `Bearer` */
                        "WWW-Authenticate"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "unauthenticated";
                        };
                    };
                };
                /** @description Problem: `reauthentication_required`. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "reauthentication_required";
                        };
                    };
                };
                /** @description Problem: `body_too_large`. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "body_too_large";
                        };
                    };
                };
                /** @description Problem: `unsupported_media_type`. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "unsupported_media_type";
                        };
                    };
                };
                /** @description Problem: `internal`. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "internal";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Change the password
         * @description `currentPassword` is needed unless the sign-in was within the last 10 minutes. Every other session ends.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        currentPassword?: string;
                        password: string;
                    };
                };
            };
            responses: {
                /** @description The password is changed. */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Problem: `bad_request`, `invalid_json`. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "bad_request" | "invalid_json";
                        };
                    };
                };
                /** @description Problem: `credentials_invalid`, `unauthenticated`. */
                401: {
                    headers: {
                        /** @description `Bearer` */
                        "WWW-Authenticate"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "credentials_invalid" | "unauthenticated";
                        };
                    };
                };
                /** @description Problem: `reauthentication_required`. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "reauthentication_required";
                        };
                    };
                };
                /** @description Problem: `body_too_large`. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "body_too_large";
                        };
                    };
                };
                /** @description Problem: `unsupported_media_type`. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "unsupported_media_type";
                        };
                    };
                };
                /** @description Problem: `validation_failed`, `password_too_short`, `password_too_long`, `password_too_common`, `password_invalid`. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "validation_failed" | "password_too_short" | "password_too_long" | "password_too_common" | "password_invalid";
                        };
                    };
                };
                /** @description Problem: `rate_limited`. */
                429: {
                    headers: {
                        /** @description Seconds to wait before trying again. */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                };
                /** @description Problem: `internal`. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "internal";
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/phones": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add a mobile number
         * @description Texts it a verification code. Needs a sign-in within the last 10 minutes.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        number: string;
                        region: string;
                    };
                };
            };
            responses: {
                /** @description Added, not verified yet. */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Phone"];
                    };
                };
                /** @description Problem: `bad_request`, `invalid_json`. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "bad_request" | "invalid_json";
                        };
                    };
                };
                /** @description Problem: `unauthenticated`. */
                401: {
                    headers: {
                        /** @description `Bearer` */
                        "WWW-Authenticate"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "unauthenticated";
                        };
                    };
                };
                /** @description Problem: `reauthentication_required`. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "reauthentication_required";
                        };
                    };
                };
                /** @description Problem: `phone_exists`, `phone_limit_reached`. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "phone_exists" | "phone_limit_reached";
                        };
                    };
                };
                /** @description Problem: `body_too_large`. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "body_too_large";
                        };
                    };
                };
                /** @description Problem: `unsupported_media_type`. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "unsupported_media_type";
                        };
                    };
                };
                /** @description Problem: `validation_failed`, `region_unsupported`, `number_invalid`. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "validation_failed" | "region_unsupported" | "number_invalid";
                        };
                    };
                };
                /** @description Problem: `rate_limited`. */
                429: {
                    headers: {
                        /** @description Seconds to wait before trying again. */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                };
                /** @description Problem: `internal`. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "internal";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/phones/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove a number
         * @description Needs a sign-in within the last 10 minutes.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Removed; codes sent to it stop working. */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Problem: `bad_request`, `invalid_json`. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "bad_request" | "invalid_json";
                        };
                    };
                };
                /** @description Problem: `unauthenticated`. */
                401: {
                    headers: {
                        /** @description `Bearer` */
                        "WWW-Authenticate"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "unauthenticated";
                        };
                    };
                };
                /** @description Problem: `reauthentication_required`. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "reauthentication_required";
                        };
                    };
                };
                /** @description Problem: `phone_not_found`. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "phone_not_found";
                        };
                    };
                };
                /** @description Problem: `body_too_large`. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "body_too_large";
                        };
                    };
                };
                /** @description Problem: `unsupported_media_type`. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "unsupported_media_type";
                        };
                    };
                };
                /** @description Problem: `internal`. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "internal";
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/phones/{id}/verification-code": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A new verification code */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A new code is on its way; older ones stop working. */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "sent";
                        };
                    };
                };
                /** @description Problem: `bad_request`, `invalid_json`. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "bad_request" | "invalid_json";
                        };
                    };
                };
                /** @description Problem: `unauthenticated`. */
                401: {
                    headers: {
                        /** @description `Bearer` */
                        "WWW-Authenticate"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "unauthenticated";
                        };
                    };
                };
                /** @description Problem: `phone_not_found`. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "phone_not_found";
                        };
                    };
                };
                /** @description Problem: `phone_already_verified`. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "phone_already_verified";
                        };
                    };
                };
                /** @description Problem: `body_too_large`. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "body_too_large";
                        };
                    };
                };
                /** @description Problem: `unsupported_media_type`. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "unsupported_media_type";
                        };
                    };
                };
                /** @description Problem: `rate_limited`. */
                429: {
                    headers: {
                        /** @description Seconds to wait before trying again. */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                };
                /** @description Problem: `internal`. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "internal";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/phones/{id}/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Verify a number with its code */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code: string;
                    };
                };
            };
            responses: {
                /** @description Verified. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Phone"];
                    };
                };
                /** @description Problem: `bad_request`, `invalid_json`. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "bad_request" | "invalid_json";
                        };
                    };
                };
                /** @description Problem: `unauthenticated`. */
                401: {
                    headers: {
                        /** @description `Bearer` */
                        "WWW-Authenticate"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "unauthenticated";
                        };
                    };
                };
                /** @description Problem: `phone_not_found`. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "phone_not_found";
                        };
                    };
                };
                /** @description Problem: `body_too_large`. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "body_too_large";
                        };
                    };
                };
                /** @description Problem: `unsupported_media_type`. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "unsupported_media_type";
                        };
                    };
                };
                /** @description Problem: `validation_failed`, `verification_code_invalid`. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "validation_failed" | "verification_code_invalid";
                        };
                    };
                };
                /** @description Problem: `internal`. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "internal";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Where the person is signed in */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Every session still valid, last used first. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SessionView"][];
                    };
                };
                /** @description Problem: `unauthenticated`. */
                401: {
                    headers: {
                        /** @description `Bearer` */
                        "WWW-Authenticate"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "unauthenticated";
                        };
                    };
                };
                /** @description Problem: `internal`. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "internal";
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Sign out everywhere else */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Every other session ended. */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Problem: `bad_request`, `invalid_json`. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "bad_request" | "invalid_json";
                        };
                    };
                };
                /** @description Problem: `unauthenticated`. */
                401: {
                    headers: {
                        /** @description `Bearer` */
                        "WWW-Authenticate"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "unauthenticated";
                        };
                    };
                };
                /** @description Problem: `body_too_large`. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "body_too_large";
                        };
                    };
                };
                /** @description Problem: `unsupported_media_type`. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "unsupported_media_type";
                        };
                    };
                };
                /** @description Problem: `internal`. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "internal";
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/sessions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** End one session */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The session ended. */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Problem: `bad_request`, `invalid_json`. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "bad_request" | "invalid_json";
                        };
                    };
                };
                /** @description Problem: `unauthenticated`. */
                401: {
                    headers: {
                        /** @description `Bearer` */
                        "WWW-Authenticate"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "unauthenticated";
                        };
                    };
                };
                /** @description Problem: `session_not_found`. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "session_not_found";
                        };
                    };
                };
                /** @description Problem: `body_too_large`. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "body_too_large";
                        };
                    };
                };
                /** @description Problem: `unsupported_media_type`. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "unsupported_media_type";
                        };
                    };
                };
                /** @description Problem: `internal`. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "internal";
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/websites": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Websites given access */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Oldest first. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Website"][];
                    };
                };
                /** @description Problem: `unauthenticated`. */
                401: {
                    headers: {
                        /** @description `Bearer` */
                        "WWW-Authenticate"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "unauthenticated";
                        };
                    };
                };
                /** @description Problem: `internal`. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "internal";
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/websites/{clientId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Withdraw a website’s access */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    clientId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Withdrawn; the website’s tokens for this account stop working. */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Problem: `bad_request`, `invalid_json`. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "bad_request" | "invalid_json";
                        };
                    };
                };
                /** @description Problem: `unauthenticated`. */
                401: {
                    headers: {
                        /** @description `Bearer` */
                        "WWW-Authenticate"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "unauthenticated";
                        };
                    };
                };
                /** @description Problem: `website_not_found`. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "website_not_found";
                        };
                    };
                };
                /** @description Problem: `body_too_large`. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "body_too_large";
                        };
                    };
                };
                /** @description Problem: `unsupported_media_type`. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "unsupported_media_type";
                        };
                    };
                };
                /** @description Problem: `internal`. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "internal";
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/one-time-codes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ask for a sign-in code by text
         * @description Sends a code only to a verified number of the account with that email; the answer is byte-identical whatever matched. 429 only for the client’s own limits.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        altcha?: string;
                        email: string;
                        number: string;
                        region: string;
                    };
                };
            };
            responses: {
                /** @description A code is on its way if the details match (status `accepted`). */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CodeSent"];
                    };
                };
                /** @description Problem: `bad_request`, `invalid_json`. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "bad_request" | "invalid_json";
                        };
                    };
                };
                /** @description Problem: `body_too_large`. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "body_too_large";
                        };
                    };
                };
                /** @description Problem: `unsupported_media_type`. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "unsupported_media_type";
                        };
                    };
                };
                /** @description Problem: `validation_failed`, `email_invalid`, `email_confusable`, `region_unsupported`, `number_invalid`. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "validation_failed" | "email_invalid" | "email_confusable" | "region_unsupported" | "number_invalid";
                        };
                    };
                };
                /** @description Problem: `rate_limited`, `resend_too_soon`, `proof_of_work_required`. */
                429: {
                    headers: {
                        /** @description Seconds to wait before trying again. */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "rate_limited" | "resend_too_soon" | "proof_of_work_required";
                        };
                    };
                };
                /** @description Problem: `internal`. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "internal";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This document
         * @description OpenAPI 3.1 of /api/v1, generated from the routes’ own schemas (docs/openapi.json is a copy).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The OpenAPI document. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            info: {
                                title: string;
                                version: string;
                            } & {
                                [key: string]: unknown;
                            };
                            openapi: string;
                            paths: {
                                [key: string]: unknown;
                            };
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Problem: `internal`. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "internal";
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/operator/sms": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * How texts fare
         * @description Only when `OPERATOR_TOKEN` is set (404 otherwise): texts of the last `hours`, by status and by transport and status, with latency from queued to the latest status.
         */
        get: {
            parameters: {
                query?: {
                    hours?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Counts and latencies. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            byStatus: {
                                [key: string]: number;
                            };
                            byTransportAndStatus: {
                                count: number;
                                latencyMs: {
                                    avg: number;
                                    max: number;
                                    p50: number;
                                    p95: number;
                                } | null;
                                status: string;
                                transport: string | null;
                            }[];
                            since: string;
                            total: number;
                        };
                    };
                };
                /** @description Problem: `unauthenticated`. */
                401: {
                    headers: {
                        /** @description `Bearer` */
                        "WWW-Authenticate"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "unauthenticated";
                        };
                    };
                };
                /** @description Problem: `validation_failed`. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "validation_failed";
                        };
                    };
                };
                /** @description Problem: `internal`. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "internal";
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/password-resets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Forgot the password: ask for a code
         * @description By mail with `{email}`, by text with `{email, region, number}`; the same answer for every outcome.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        altcha?: string;
                        email: string;
                        number?: string;
                        region?: string;
                    };
                };
            };
            responses: {
                /** @description A code is on its way if the details match (status `accepted`). */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CodeSent"];
                    };
                };
                /** @description Problem: `bad_request`, `invalid_json`. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "bad_request" | "invalid_json";
                        };
                    };
                };
                /** @description Problem: `body_too_large`. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "body_too_large";
                        };
                    };
                };
                /** @description Problem: `unsupported_media_type`. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "unsupported_media_type";
                        };
                    };
                };
                /** @description Problem: `validation_failed`, `email_invalid`, `email_confusable`, `region_unsupported`, `number_invalid`. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "validation_failed" | "email_invalid" | "email_confusable" | "region_unsupported" | "number_invalid";
                        };
                    };
                };
                /** @description Problem: `rate_limited`, `proof_of_work_required`. */
                429: {
                    headers: {
                        /** @description Seconds to wait before trying again. */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "rate_limited" | "proof_of_work_required";
                        };
                    };
                };
                /** @description Problem: `internal`. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "internal";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/password-resets/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Choose a new password with the code
         * @description Every session of the account ends.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code: string;
                        email: string;
                        password: string;
                    };
                };
            };
            responses: {
                /** @description The password is set. */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Problem: `bad_request`, `invalid_json`. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "bad_request" | "invalid_json";
                        };
                    };
                };
                /** @description Problem: `code_invalid`. */
                401: {
                    headers: {
                        /** @description `Bearer` */
                        "WWW-Authenticate"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "code_invalid";
                        };
                    };
                };
                /** @description Problem: `body_too_large`. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "body_too_large";
                        };
                    };
                };
                /** @description Problem: `unsupported_media_type`. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "unsupported_media_type";
                        };
                    };
                };
                /** @description Problem: `validation_failed`, `password_too_short`, `password_too_long`, `password_too_common`, `password_invalid`. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "validation_failed" | "password_too_short" | "password_too_long" | "password_too_common" | "password_invalid";
                        };
                    };
                };
                /** @description Problem: `internal`. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "internal";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/regions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The regions offered */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Only the regions in `REGIONS`, in that order. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            callingCode: string;
                            code: string;
                            name: string;
                            names: {
                                en: string;
                                sv: string;
                            };
                        }[];
                    };
                };
                /** @description Problem: `internal`. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "internal";
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in with a password */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email: string;
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Signed in. */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Token"];
                    };
                };
                /** @description Problem: `bad_request`, `invalid_json`. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "bad_request" | "invalid_json";
                        };
                    };
                };
                /** @description Problem: `credentials_invalid`. */
                401: {
                    headers: {
                        /** @description `Bearer` */
                        "WWW-Authenticate"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "credentials_invalid";
                        };
                    };
                };
                /** @description Problem: `email_unverified`. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "email_unverified";
                        };
                    };
                };
                /** @description Problem: `body_too_large`. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "body_too_large";
                        };
                    };
                };
                /** @description Problem: `unsupported_media_type`. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "unsupported_media_type";
                        };
                    };
                };
                /** @description Problem: `validation_failed`. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "validation_failed";
                        };
                    };
                };
                /** @description Problem: `rate_limited`. */
                429: {
                    headers: {
                        /** @description Seconds to wait before trying again. */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                };
                /** @description Problem: `internal`. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "internal";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/current": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Sign out */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The session ended; its token stops working at once. */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Problem: `bad_request`, `invalid_json`. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "bad_request" | "invalid_json";
                        };
                    };
                };
                /** @description Problem: `unauthenticated`. */
                401: {
                    headers: {
                        /** @description `Bearer` */
                        "WWW-Authenticate"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "unauthenticated";
                        };
                    };
                };
                /** @description Problem: `body_too_large`. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "body_too_large";
                        };
                    };
                };
                /** @description Problem: `unsupported_media_type`. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "unsupported_media_type";
                        };
                    };
                };
                /** @description Problem: `internal`. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "internal";
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/one-time-code": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in with a one-time code
         * @description The same 401 `code_invalid` for every failure: wrong, used, older, expired or over-guessed codes and unknown emails.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code: string;
                        email: string;
                    };
                };
            };
            responses: {
                /** @description Signed in. */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Token"];
                    };
                };
                /** @description Problem: `bad_request`, `invalid_json`. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "bad_request" | "invalid_json";
                        };
                    };
                };
                /** @description Problem: `code_invalid`. */
                401: {
                    headers: {
                        /** @description `Bearer` */
                        "WWW-Authenticate"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "code_invalid";
                        };
                    };
                };
                /** @description Problem: `body_too_large`. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "body_too_large";
                        };
                    };
                };
                /** @description Problem: `unsupported_media_type`. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "unsupported_media_type";
                        };
                    };
                };
                /** @description Problem: `validation_failed`. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "validation_failed";
                        };
                    };
                };
                /** @description Problem: `internal`. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "internal";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/passkey": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in with a passkey
         * @description The body is the assertion's toJSON(). Every failure (unknown or removed credential, another origin, a used or expired challenge) is the same 401.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        authenticatorAttachment?: "platform" | "cross-platform";
                        /** @default {} */
                        clientExtensionResults?: {
                            [key: string]: unknown;
                        };
                        id: string;
                        rawId: string;
                        response: {
                            authenticatorData: string;
                            clientDataJSON: string;
                            signature: string;
                            userHandle?: string;
                        } & {
                            [key: string]: unknown;
                        };
                        /** @enum {string} */
                        type: "public-key";
                    };
                };
            };
            responses: {
                /** @description Signed in. */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Token"];
                    };
                };
                /** @description Problem: `bad_request`, `invalid_json`. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "bad_request" | "invalid_json";
                        };
                    };
                };
                /** @description Problem: `passkey_invalid`. */
                401: {
                    headers: {
                        /** @description `Bearer` */
                        "WWW-Authenticate"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "passkey_invalid";
                        };
                    };
                };
                /** @description Problem: `body_too_large`. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "body_too_large";
                        };
                    };
                };
                /** @description Problem: `unsupported_media_type`. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "unsupported_media_type";
                        };
                    };
                };
                /** @description Problem: `validation_failed`. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "validation_failed";
                        };
                    };
                };
                /** @description Problem: `internal`. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "internal";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/passkey/options": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Options for signing in with a passkey
         * @description No email: the authenticator offers the passkeys it holds for this service. The challenge works once, for five minutes, and only at POST /api/v1/sessions/passkey.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description PublicKeyCredentialRequestOptionsJSON. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            allowCredentials?: ({
                                id: string;
                                type: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            challenge: string;
                            rpId?: string;
                            timeout?: number;
                            userVerification?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Problem: `bad_request`, `invalid_json`. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "bad_request" | "invalid_json";
                        };
                    };
                };
                /** @description Problem: `body_too_large`. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "body_too_large";
                        };
                    };
                };
                /** @description Problem: `unsupported_media_type`. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "unsupported_media_type";
                        };
                    };
                };
                /** @description Problem: `internal`. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "internal";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sms/reports/http": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** HTTP gateway delivery report */
        post: {
            parameters: {
                query: {
                    a: number;
                    m: string;
                    t: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        detail?: string;
                        /** @enum {string} */
                        status: "sent" | "delivered" | "failed" | "expired";
                    };
                };
            };
            responses: {
                /** @description Recorded (or a repeat, which changes nothing). */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            recorded: true;
                        };
                    };
                };
                /** @description Problem: `bad_request`, `invalid_json`. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "bad_request" | "invalid_json";
                        };
                    };
                };
                /** @description Problem: `unauthenticated`. */
                401: {
                    headers: {
                        /** @description `Bearer` */
                        "WWW-Authenticate"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "unauthenticated";
                        };
                    };
                };
                /** @description Problem: `not_found`. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "not_found";
                        };
                    };
                };
                /** @description Problem: `body_too_large`. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "body_too_large";
                        };
                    };
                };
                /** @description Problem: `unsupported_media_type`. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "unsupported_media_type";
                        };
                    };
                };
                /** @description Problem: `validation_failed`. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "validation_failed";
                        };
                    };
                };
                /** @description Problem: `internal`. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "internal";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sms/reports/kannel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Kannel delivery report (dlr-url) */
        get: {
            parameters: {
                query: {
                    a: number;
                    answer?: string;
                    m: string;
                    status?: string;
                    t: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Recorded (or a repeat, which changes nothing). */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            recorded: true;
                        };
                    };
                };
                /** @description Problem: `unauthenticated`. */
                401: {
                    headers: {
                        /** @description `Bearer` */
                        "WWW-Authenticate"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "unauthenticated";
                        };
                    };
                };
                /** @description Problem: `not_found`. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "not_found";
                        };
                    };
                };
                /** @description Problem: `validation_failed`. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "validation_failed";
                        };
                    };
                };
                /** @description Problem: `internal`. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "internal";
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sms/reports/twilio": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Twilio status callback */
        post: {
            parameters: {
                query: {
                    a: number;
                    m: string;
                    t: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/x-www-form-urlencoded": {
                        [key: string]: string;
                    };
                };
            };
            responses: {
                /** @description Recorded (or a repeat, which changes nothing). */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            recorded: true;
                        };
                    };
                };
                /** @description Problem: `bad_request`, `invalid_json`. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "bad_request" | "invalid_json";
                        };
                    };
                };
                /** @description Problem: `unauthenticated`. */
                401: {
                    headers: {
                        /** @description `Bearer` */
                        "WWW-Authenticate"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "unauthenticated";
                        };
                    };
                };
                /** @description Problem: `not_found`. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "not_found";
                        };
                    };
                };
                /** @description Problem: `body_too_large`. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "body_too_large";
                        };
                    };
                };
                /** @description Problem: `unsupported_media_type`. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "unsupported_media_type";
                        };
                    };
                };
                /** @description Problem: `validation_failed`. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "validation_failed";
                        };
                    };
                };
                /** @description Problem: `internal`. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"] & {
                            /** @enum {unknown} */
                            code?: "internal";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Activity: {
            addresses?: number;
            /** Format: date-time */
            at: string;
            browser: string | null;
            count: number;
            detail: {
                [key: string]: string;
            };
            /** Format: date-time */
            firstAt?: string;
            ip: string | null;
            kind: string;
            userAgent: string | null;
        };
        CodeSent: {
            codeLength: number;
            expiresInSeconds: number;
            /** @description For people, in the language of Accept-Language. */
            message: string;
            /** @enum {string} */
            status: "accepted" | "verification_sent";
        };
        Passkey: {
            /** Format: date-time */
            createdAt: string;
            id: string;
            lastUsedAt: string | null;
            name: string;
            /** @description Synced between the holder's devices (backup eligible), or bound to one device. */
            synced: boolean;
        };
        Phone: {
            e164: string;
            id: string;
            region: string;
            verified: boolean;
        };
        /** @description RFC 9457 problem details; `code` is stable, `title` and `detail` follow Accept-Language. */
        Problem: {
            /** @description With proof_of_work_required: the ALTCHA challenge to solve. */
            altcha?: {
                algorithm: string;
                challenge: string;
                maxnumber?: number;
                salt: string;
                signature: string;
            } & {
                [key: string]: unknown;
            };
            /**
             * @description Stable: what clients act on (docs/api.md lists them).
             * @enum {string}
             */
            code: "bad_request" | "invalid_json" | "body_too_large" | "unsupported_media_type" | "validation_failed" | "email_invalid" | "email_confusable" | "email_mismatch" | "email_unchanged" | "email_taken" | "password_too_short" | "password_too_long" | "password_too_common" | "password_invalid" | "credentials_invalid" | "unauthenticated" | "region_unsupported" | "number_invalid" | "phone_limit_reached" | "phone_exists" | "phone_not_found" | "phone_already_verified" | "session_not_found" | "website_not_found" | "verification_code_invalid" | "reauthentication_required" | "email_unverified" | "code_invalid" | "passkey_invalid" | "passkey_not_found" | "passkey_rejected" | "passkey_limit_reached" | "rate_limited" | "resend_too_soon" | "proof_of_work_required" | "not_found" | "method_not_allowed" | "internal";
            detail: string;
            /** @description With validation_failed: what was wrong, per field. */
            errors?: {
                field: string;
                message: string;
            }[];
            /** @description With 429: as the Retry-After header. */
            retryAfterSeconds?: number;
            status: number;
            title: string;
            /** @description `urn:engangskod:problem:<code>` */
            type: string;
        };
        SessionView: {
            browser: string | null;
            current: boolean;
            id: string;
            ip: string | null;
            /** Format: date-time */
            lastSeenAt: string;
            /**
             * @description RFC 8176: password, one-time code, passkey bound to a device or synced.
             * @enum {string}
             */
            method: "pwd" | "otp" | "hwk" | "swk";
            /** Format: date-time */
            signedInAt: string;
            userAgent: string | null;
        };
        Token: {
            /**
             * Format: date-time
             * @description ISO 8601: the absolute end (the session also ends when idle).
             */
            expiresAt: string;
            /** @description The bearer token: 256 random bits, base64url. */
            token: string;
        };
        Website: {
            clientId: string;
            /** Format: date-time */
            expiresAt: string;
            /** Format: date-time */
            givenAt: string;
            name: string;
            scopes: string[];
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
