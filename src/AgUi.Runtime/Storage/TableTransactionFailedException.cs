using Azure;

namespace AgUi.Runtime.Storage;

/// <summary>An entity group transaction was refused as a whole; <see cref="FailedTransactionActionIndex"/> names the operation that failed, when the service said.</summary>
public sealed class TableTransactionFailedException(int status, string message, string? errorCode, int? failedTransactionActionIndex)
    : RequestFailedException(status, message, errorCode, null)
{
    public int? FailedTransactionActionIndex { get; } = failedTransactionActionIndex;
}
