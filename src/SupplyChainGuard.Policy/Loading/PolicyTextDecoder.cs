using System.Text;

namespace SupplyChainGuard.Policy.Loading
{
    /// <summary>
    /// Turns a policy file's bytes into text, strictly: UTF-8, or UTF-16 or UTF-32 when a byte order mark
    /// says so. <c>File.ReadAllText</c> would replace invalid bytes with U+FFFD and read on; here they are an
    /// error at the line and column of the first bad byte, since a policy silently changed by its decoding
    /// is not the policy its author wrote.
    /// </summary>
    internal static class PolicyTextDecoder
    {
        /// <summary>The text, without its byte order mark.</summary>
        /// <exception cref="JsonSyntaxError">The bytes are not valid text in their encoding.</exception>
        public static string Decode(byte[] bytes)
        {
            if (StartsWith(bytes, 0xFF, 0xFE, 0x00, 0x00))
            {
                return DecodeWide(bytes, 4, new UTF32Encoding(bigEndian: false, byteOrderMark: false, throwOnInvalidCharacters: true), "UTF-32");
            }

            if (StartsWith(bytes, 0x00, 0x00, 0xFE, 0xFF))
            {
                return DecodeWide(bytes, 4, new UTF32Encoding(bigEndian: true, byteOrderMark: false, throwOnInvalidCharacters: true), "UTF-32");
            }

            if (StartsWith(bytes, 0xFF, 0xFE))
            {
                return DecodeUtf16(bytes, bigEndian: false);
            }

            if (StartsWith(bytes, 0xFE, 0xFF))
            {
                return DecodeUtf16(bytes, bigEndian: true);
            }

            var start = StartsWith(bytes, 0xEF, 0xBB, 0xBF) ? 3 : 0;
            var bad = FirstInvalidUtf8(bytes, start);
            if (bad >= 0)
            {
                var (line, column) = PositionOf(bytes, start, bad);
                throw new JsonSyntaxError(
                    $"the file is not valid UTF-8: byte 0x{bytes[bad]:X2} at offset {bad} does not belong to a UTF-8 character; save the policy as UTF-8",
                    line, column);
            }

            return Encoding.UTF8.GetString(bytes, start, bytes.Length - start);
        }

        private static bool StartsWith(byte[] bytes, params byte[] prefix)
        {
            if (bytes.Length < prefix.Length)
            {
                return false;
            }

            for (var i = 0; i < prefix.Length; i++)
            {
                if (bytes[i] != prefix[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>UTF-16 code units as they are; the JSON reader reports a lone surrogate at its position.</summary>
        private static string DecodeUtf16(byte[] bytes, bool bigEndian)
        {
            var text = new StringBuilder((bytes.Length - 2) / 2);
            int line = 1, column = 1;
            for (var i = 2; i < bytes.Length; i += 2)
            {
                if (i + 1 >= bytes.Length)
                {
                    throw new JsonSyntaxError("the file is not valid UTF-16: it ends in the middle of a character (an odd number of bytes)", line, column);
                }

                var c = (char)(bigEndian ? (bytes[i] << 8) | bytes[i + 1] : bytes[i] | (bytes[i + 1] << 8));
                text.Append(c);
                if (c == '\n')
                {
                    line++;
                    column = 1;
                }
                else
                {
                    column++;
                }
            }

            return text.ToString();
        }

        private static string DecodeWide(byte[] bytes, int bom, Encoding encoding, string name)
        {
            try
            {
                return encoding.GetString(bytes, bom, bytes.Length - bom);
            }
            catch (DecoderFallbackException)
            {
                // Rare enough that the first character's position is close enough: say which encoding failed.
                throw new JsonSyntaxError($"the file is not valid {name}, as its byte order mark says it is; save the policy as UTF-8", 1, 1);
            }
        }

        /// <summary>The offset of the first byte that is not part of a well-formed UTF-8 sequence, or -1.</summary>
        internal static int FirstInvalidUtf8(byte[] bytes, int start)
        {
            var i = start;
            while (i < bytes.Length)
            {
                var b = bytes[i];
                if (b < 0x80)
                {
                    i++;
                    continue;
                }

                int length;
                int min, max; // the allowed range of the second byte (excludes overlong forms, surrogates, > U+10FFFF)
                if (b >= 0xC2 && b <= 0xDF)
                {
                    length = 2; min = 0x80; max = 0xBF;
                }
                else if (b == 0xE0)
                {
                    length = 3; min = 0xA0; max = 0xBF;
                }
                else if (b == 0xED)
                {
                    length = 3; min = 0x80; max = 0x9F;
                }
                else if (b >= 0xE1 && b <= 0xEF)
                {
                    length = 3; min = 0x80; max = 0xBF;
                }
                else if (b == 0xF0)
                {
                    length = 4; min = 0x90; max = 0xBF;
                }
                else if (b >= 0xF1 && b <= 0xF3)
                {
                    length = 4; min = 0x80; max = 0xBF;
                }
                else if (b == 0xF4)
                {
                    length = 4; min = 0x80; max = 0x8F;
                }
                else
                {
                    return i;
                }

                for (var k = 1; k < length; k++)
                {
                    if (i + k >= bytes.Length)
                    {
                        return i; // the sequence is cut off by the end of the file
                    }

                    var next = bytes[i + k];
                    if (k == 1 ? next < min || next > max : (next & 0xC0) != 0x80)
                    {
                        return i;
                    }
                }

                i += length;
            }

            return -1;
        }

        /// <summary>1-based line and UTF-16 column of a byte offset in valid UTF-8 before it.</summary>
        private static (int Line, int Column) PositionOf(byte[] bytes, int start, int offset)
        {
            var line = 1;
            var lineStart = start;
            for (var i = start; i < offset; i++)
            {
                if (bytes[i] == (byte)'\n')
                {
                    line++;
                    lineStart = i + 1;
                }
            }

            return (line, Encoding.UTF8.GetCharCount(bytes, lineStart, offset - lineStart) + 1);
        }
    }
}
