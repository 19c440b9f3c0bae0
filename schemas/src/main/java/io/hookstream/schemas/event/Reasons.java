package io.hookstream.schemas.event;

/** The machine-readable {@code reason} codes of results, outcomes and dead letters. */
public final class Reasons {

    // hook results
    public static final String NON_ZERO_EXIT = "NonZeroExit";
    public static final String EXEC_FAILED = "ExecFailed";
    public static final String HTTP_STATUS = "HttpStatus";
    public static final String HTTP_ERROR = "HttpError";
    public static final String TCP_CONNECT_FAILED = "TcpConnectFailed";
    public static final String DEADLINE_EXCEEDED = "DeadlineExceeded";
    public static final String EXECUTOR_NOT_SUPPORTED = "ExecutorNotSupported";
    public static final String INVALID_ACTION = "InvalidAction";
    public static final String EXECUTION_POLICY = "ExecutionPolicy";
    public static final String PREVIOUS_HOOK_FAILED = "PreviousHookFailed";
    public static final String WORKER_ERROR = "WorkerError";
    /** Pod executor: no Running pod with a ready target container matched the selector (and owner). */
    public static final String NO_POD_MATCHED = "NoPodMatched";
    /** Pod executor: {@code executor.pod.selector} is no valid label selector. */
    public static final String INVALID_SELECTOR = "InvalidSelector";
    /** Function executor: the named {@code Function} (addons.kubestash.com/v1alpha1) does not exist. */
    public static final String FUNCTION_NOT_FOUND = "FunctionNotFound";
    /** A Kubernetes API call was refused (RBAC): the message names the verb, resource and namespace. */
    public static final String KUBERNETES_FORBIDDEN = "KubernetesForbidden";
    /** A Kubernetes API call failed otherwise (unreachable API server, unexpected status). */
    public static final String KUBERNETES_ERROR = "KubernetesError";
    /** Function executor: the Job's pod failed (non-zero exit) or the Job failed to start it. */
    public static final String JOB_FAILED = "JobFailed";
    /** Operator executor: the exec's program is outside {@code --exec-allow}, or exec is disabled. */
    public static final String EXEC_NOT_ALLOWED = "ExecNotAllowed";
    /** Operator executor: an httpGet/httpPost/tcpSocket address (or redirect target) is refused by the network rules. */
    public static final String TARGET_NOT_ALLOWED = "TargetNotAllowed";
    /** Dispatcher: no worker reported a result of the hook within its timeouts, retries and --result-grace. */
    public static final String NO_RESULT = "NoResult";
    /** Worker: the worker lost its lease on the hook while it ran, so it stopped the action (another may run it). */
    public static final String LEASE_LOST = "LeaseLost";
    /**
     * The run was cancelled: on the hook that was stopped (or never started) and on the hooks after it (Skipped),
     * and on the run's outcome (status Cancelled).
     */
    public static final String CANCELLED = "Cancelled";

    // run outcomes
    public static final String HOOK_FAILED = "HookFailed";
    public static final String INVALID_REQUEST = "InvalidRequest";
    public static final String TEMPLATE_NOT_FOUND = "TemplateNotFound";
    public static final String NAMESPACE_NOT_ALLOWED = "NamespaceNotAllowed";
    public static final String MISSING_PARAM = "MissingParam";
    public static final String UNKNOWN_PARAM = "UnknownParam";
    public static final String INVALID_TEMPLATE_EXPRESSION = "InvalidTemplateExpression";
    public static final String INVALID_TEMPLATE = "InvalidTemplate";

    // dead letters
    public static final String MALFORMED_RECORD = "MalformedRecord";
    /** A hook event without the signature headers, while the worker requires signed hook events. */
    public static final String UNSIGNED_EVENT = "UnsignedEvent";
    /** A hook event whose signature does not match its key, value and headers: altered or forged. */
    public static final String BAD_SIGNATURE = "BadSignature";
    /** A hook event signed with a key id the worker does not know (not configured, or already removed). */
    public static final String UNKNOWN_SIGNING_KEY = "UnknownSigningKey";
    /** A hook event read after its signature's expiry: a late replay, or one left too long in the topic. */
    public static final String SIGNATURE_EXPIRED = "SignatureExpired";
    /** A hook event whose template, executor or namespace the worker's own template catalog does not allow. */
    public static final String POLICY_VIOLATION = "PolicyViolation";
    /** What a record caused could not be written: an output was larger than a Kafka record may be. */
    public static final String OUTPUT_TOO_LARGE = "OutputTooLarge";

    private Reasons() {}
}
