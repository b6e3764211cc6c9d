namespace Verifier.Core.Jobs;

/// <summary>Why an upload was refused.</summary>
public enum JobRejection
{
    /// <summary>More bytes than <c>Verifier:Jobs:MaxUploadBytes</c> (HTTP 413).</summary>
    TooLarge,

    /// <summary>More rows than <c>Verifier:Jobs:MaxRows</c> (HTTP 413).</summary>
    TooManyRows,

    /// <summary>No column can be taken as the email column (HTTP 400).</summary>
    NoUsableColumn,

    /// <summary>The file is not CSV this service can read, e.g. a record longer than allowed (HTTP 400).</summary>
    Unreadable,

    /// <summary>The file is not text at all: a spreadsheet, a PDF, an image, an archive, binary data (HTTP 415).</summary>
    NotText,
}

/// <summary>An upload refused before a job was made; the message tells the uploader why.</summary>
public sealed class JobRejectedException(JobRejection rejection, string message) : Exception(message)
{
    public JobRejection Rejection { get; } = rejection;
}
