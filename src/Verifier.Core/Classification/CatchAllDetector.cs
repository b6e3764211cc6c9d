using Verifier.Core.Smtp;

namespace Verifier.Core.Classification;

/// <summary>Reads the reply to the RCPT of a random, surely non-existent local part.</summary>
public static class CatchAllDetector
{
    /// <summary>True: the server accepts anyone. False: it rejects unknown mailboxes. Null: the reply proves neither.</summary>
    public static bool? FromReply(SmtpReply? reply)
    {
        if (reply is null)
        {
            return null;
        }

        if (reply.IsPositive)
        {
            return true;
        }

        var reason = ReplyInterpreter.Interpret(reply).Reason;
        return reason is Reason.MailboxNotFound or Reason.MailboxDisabled ? false : null;
    }
}
