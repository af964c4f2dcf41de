using System.Text.Json;
using System.Text.Json.Serialization;
using AgUi.Protocol.Json;

namespace AgUi.Protocol.Messages;

/// <summary>A part of multimodal user or tool content, discriminated by <c>type</c>.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(TextPart), "text")]
[JsonDerivedType(typeof(ImagePart), "image")]
[JsonDerivedType(typeof(AudioPart), "audio")]
[JsonDerivedType(typeof(VideoPart), "video")]
[JsonDerivedType(typeof(DocumentPart), "document")]
[JsonDerivedType(typeof(BinaryPart), "binary")]
public abstract record ContentPart
{
    public string? Id { get; init; }
    [JsonConverter(typeof(OptionalJsonValueConverter))]
    public JsonElement Metadata { get; init; }
}

public sealed record TextPart : ContentPart
{
    public required string Text { get; init; }
}

/// <summary>A media part whose bytes are inline, behind a URL, or a provider's file.</summary>
public abstract record MediaPart : ContentPart
{
    public required PartSource Source { get; init; }
}

public sealed record ImagePart : MediaPart;

public sealed record AudioPart : MediaPart;

public sealed record VideoPart : MediaPart;

public sealed record DocumentPart : MediaPart;

/// <summary>The pre-1.0 binary part (<c>@ag-ui/core</c> 0.0.x): inline base64 data, a URL, or a file id.</summary>
public sealed record BinaryPart : ContentPart
{
    public required string MimeType { get; init; }
    public string? Url { get; init; }
    public string? Data { get; init; }
    public string? Filename { get; init; }
}

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(DataSource), "data")]
[JsonDerivedType(typeof(UrlSource), "url")]
[JsonDerivedType(typeof(FileSource), "file")]
public abstract record PartSource
{
    public required string Value { get; init; }
}

/// <summary>Inline base64 bytes.</summary>
public sealed record DataSource : PartSource
{
    public required string MimeType { get; init; }
}

public sealed record UrlSource : PartSource
{
    public string? MimeType { get; init; }
}

public sealed record FileSource : PartSource
{
    public string? Provider { get; init; }
    public string? MimeType { get; init; }
}
