using Verifier.Core.Jobs.Csv;

namespace Verifier.Core.Jobs;

/// <summary>What the uploader asked for besides the file.</summary>
/// <param name="EmailColumn">The column holding the addresses; auto-detected when not given.</param>
/// <param name="Smtp">Probe mailboxes over SMTP (false: syntax and DNS only).</param>
/// <param name="CallbackUrl">Where to POST the progress once the job is completed.</param>
/// <param name="HasHeader">Whether the first record is a header; detected when null.</param>
public sealed record JobSubmission(EmailColumnChoice EmailColumn, bool Smtp = true, string? CallbackUrl = null, bool? HasHeader = null);
