using Azure;

namespace AgUi.Runtime.Storage;

/// <summary>The kinds of operation an entity group transaction can hold (the subset this project uses).</summary>
public enum TableTransactionActionType
{
    /// <summary>Insert; fails with 409 EntityAlreadyExists when the row exists.</summary>
    Add,

    /// <summary>Insert or replace, unconditionally.</summary>
    UpsertReplace,

    /// <summary>Replace an existing row; with an ETag other than <see cref="ETag.All"/> it fails with 412 when the row changed.</summary>
    UpdateReplace,

    /// <summary>Merge properties into an existing row, conditional on the ETag like <see cref="UpdateReplace"/>.</summary>
    UpdateMerge,

    /// <summary>Delete a row, conditional on the ETag (<see cref="ETag.All"/> for any version).</summary>
    Delete,
}

/// <summary>One operation of an entity group transaction.</summary>
public sealed record TableTransactionAction(TableTransactionActionType ActionType, TableEntity Entity, ETag ETag = default);
