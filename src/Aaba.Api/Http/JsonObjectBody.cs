using System.Buffers;
using System.Text.Json;
using Aaba.Abstractions.Tasks;

namespace Aaba.Api.Http;

/// <summary>
/// Reads a request body that must be one JSON object of at most <see cref="MaxBytes"/>, and says precisely what is wrong
/// otherwise: 415 for another content type, 413 when too large, 400 when empty, malformed or not an object.
/// Returns the object re-serialized compactly, so equal inputs are equal strings.
/// </summary>
internal static class JsonObjectBody
{
    public const int MaxBytes = 64 * 1024;

    public static async Task<(string? Json, IResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return (null, Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type",
                $"Send the body as JSON with 'Content-Type: application/json' (got '{request.ContentType ?? "none"}')."));
        }
        if (request.ContentLength > MaxBytes)
        {
            return (null, TooLarge());
        }

        var buffer = ArrayPool<byte>.Shared.Rent(MaxBytes + 1);
        try
        {
            var length = 0;
            int read;
            while (length <= MaxBytes && (read = await request.Body.ReadAsync(buffer.AsMemory(length, MaxBytes + 1 - length), cancellationToken)) > 0)
            {
                length += read;
            }
            if (length > MaxBytes)
            {
                return (null, TooLarge());
            }
            if (length == 0)
            {
                return (null, Problem(StatusCodes.Status400BadRequest, "Missing body", "The request needs a JSON object body."));
            }
            return Parse(buffer.AsMemory(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static (string? Json, IResult? Problem) Parse(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 32 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, Problem(StatusCodes.Status400BadRequest, "Body is not a JSON object",
                    $"The body must be a JSON object, not {document.RootElement.ValueKind.ToString().ToLowerInvariant()}."));
            }
            return (TaskSubmission.NormalizeInput(document.RootElement), null);
        }
        catch (JsonException exception)
        {
            return (null, Problem(StatusCodes.Status400BadRequest, "Malformed JSON", $"The body is not valid JSON: {exception.Message}"));
        }
    }

    private static IResult TooLarge() => Problem(StatusCodes.Status413PayloadTooLarge, "Body too large",
        $"The body must be at most {MaxBytes / 1024} KiB.");

    private static IResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);
}
