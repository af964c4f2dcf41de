using Azure.Core;

namespace AgUi.Runtime.Storage;

/// <summary>
/// Options of <see cref="TableClient"/>: the Azure.Core retry, diagnostics and transport settings, plus
/// the Table service REST version this client speaks.
/// </summary>
public sealed class TableClientOptions : ClientOptions
{
    /// <summary>The <c>x-ms-version</c> sent with every request.</summary>
    public const string ServiceVersion = "2020-12-06";
}
