using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AdminConsole.Domain.Model.Common;

namespace AdminConsole.Domain.Model.AiModels;

/// <summary>
/// The evidence file of an evaluation (the suite's CSV or JSON output), kept byte for byte beside it. Its SHA-256 is
/// computed here from the bytes, never taken on trust; a hash the sender states must match it.
/// </summary>
public sealed class ModelEvidence
{
    public const int MaxBytes = 1024 * 1024;
    public const int FileNameMaxLength = 200;

    private ModelEvidence()
    {
        FileName = MediaType = Sha256 = string.Empty;
        Content = [];
    }

    public Guid EvaluationId { get; internal set; }

    public string FileName { get; private set; }

    /// <summary><c>text/csv</c> or <c>application/json</c>, from the file's extension and checked against its content.</summary>
    public string MediaType { get; private set; }

    public byte[] Content { get; private set; }

    /// <summary>Lower-case hex SHA-256 of <see cref="Content"/>.</summary>
    public string Sha256 { get; private set; }

    public int Size => Content.Length;

    /// <summary>Why a file of <paramref name="bytes"/> is not kept, or null when its size is fine.</summary>
    public static string? SizeProblem(long bytes) => bytes > MaxBytes
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"The evidence file is {bytes / 1024.0:0.#} KiB; at most {MaxBytes / 1024} KiB is kept. Attach the summary the suite writes, not its raw traces.")
        : null;

    /// <summary>
    /// Checks the file (a .csv of UTF-8 text or a .json that parses, at most <see cref="MaxBytes"/>) and, when the sender
    /// states its SHA-256, that the bytes have it. Refusals name the field <c>Evidence</c>, <c>Evidence.FileName</c> or <c>Evidence.Sha256</c>.
    /// </summary>
    public static ModelEvidence Read(string? fileName, byte[]? content, string? statedSha256 = null)
    {
        var name = Guard.Text(fileName, "Evidence.FileName", "The evidence file's name", FileNameMaxLength);
        name = Path.GetFileName(name.Replace('\\', '/'));
        if (content is not { Length: > 0 })
            throw new DomainRuleException("Evidence", "The evidence file is empty: attach the suite's CSV or JSON output.");
        if (SizeProblem(content.Length) is { } tooLarge)
            throw new DomainRuleException("Evidence", tooLarge);

        var extension = Path.GetExtension(name).ToLowerInvariant();
        string mediaType;
        switch (extension)
        {
            case ".json":
                try
                {
                    using var _ = JsonDocument.Parse(content);
                }
                catch (JsonException)
                {
                    throw new DomainRuleException("Evidence", $"{name} is not valid JSON.");
                }

                mediaType = "application/json";
                break;
            case ".csv":
                try
                {
                    _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content);
                }
                catch (DecoderFallbackException)
                {
                    throw new DomainRuleException("Evidence", $"{name} is not a UTF-8 text file.");
                }

                mediaType = "text/csv";
                break;
            default:
                throw new DomainRuleException("Evidence", $"{name} is neither a .csv nor a .json file: evidence is the suite's CSV or JSON output.");
        }

        var sha = Convert.ToHexStringLower(SHA256.HashData(content));
        if (statedSha256 is not null && !string.Equals(statedSha256.Trim(), sha, StringComparison.OrdinalIgnoreCase))
            throw new DomainRuleException("Evidence.Sha256", $"The evidence's SHA-256 is {sha}, not the {statedSha256.Trim()} stated: the file changed on its way.");

        return new ModelEvidence { FileName = name, MediaType = mediaType, Content = content, Sha256 = sha };
    }
}
