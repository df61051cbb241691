namespace AdminConsole.Domain.Model.Api;

/// <summary>What an API key may do at <c>/api/v1</c>; a key holds one or more of them.</summary>
public static class ApiScopes
{
    /// <summary>Report prompt logs, AI outputs, provider request records, pages and embedding registrations.</summary>
    public const string EventsWrite = "events:write";

    /// <summary>Delete and restore pages and the workspace.</summary>
    public const string LifecycleWrite = "lifecycle:write";

    /// <summary>Read the workspace's effective retention policy.</summary>
    public const string PolicyRead = "policy:read";

    /// <summary>List, add and delete the workspace's DLP hooks (Enterprise plan).</summary>
    public const string HooksManage = "hooks:manage";

    /// <summary>Post evaluations of models in the AI model register (the AI product's CI); issued by console administrators only.</summary>
    public const string ModelsEvaluate = "models:evaluate";

    public static IReadOnlyList<string> All { get; } = [EventsWrite, LifecycleWrite, PolicyRead, HooksManage, ModelsEvaluate];

    public static string Describe(string scope) => scope switch
    {
        EventsWrite => "Report prompt logs, AI outputs, provider requests, pages and embeddings",
        LifecycleWrite => "Delete and restore pages and the workspace",
        PolicyRead => "Read the effective retention policy",
        HooksManage => "List, add and delete DLP hooks (Enterprise plan)",
        ModelsEvaluate => "Post evaluations of AI models from the AI product's CI (administrators only)",
        _ => scope,
    };
}
