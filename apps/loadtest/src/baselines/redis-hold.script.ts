/**
 * The Redis design's Lua script. Redis runs a script atomically, so one call decides a hold
 * with no lock: it reads the section's bitmap (bit i set = seat i taken; seat i is row
 * floor(i / perRow), seat i % perRow, both 0-based), picks the seats, sets their bits, records
 * the owner in a hash and decrements the free counter.
 *
 * KEYS: 1 bitmap, 2 owners hash (seat index -> booking id), 3 free counter
 * ARGV: 1 rows, 2 seats per row, 3 booking id, 4 mode ("best" | "manual"),
 *       5 quantity (best) or the seat indexes, comma-separated (manual)
 * Returns {1, i1, i2, ...} (the seat indexes held) or {0, reason}.
 *
 * Best-available is first-fit: the first row, front to back, with `quantity` adjacent free
 * seats; when no row has such a run, any `quantity` free seats front to back (the group is
 * split rather than refused, as the engine does). Full bytes (8 taken seats) are skipped whole.
 */
export const HOLD_SCRIPT = `
local rows = tonumber(ARGV[1])
local per = tonumber(ARGV[2])
local booking = ARGV[3]
local bits = redis.call('GET', KEYS[1]) or ''
local function taken(i)
  local b = string.byte(bits, math.floor(i / 8) + 1) or 0
  return bit.band(b, bit.rshift(128, i % 8)) ~= 0
end
local picked = {}
if ARGV[4] == 'manual' then
  for idx in string.gmatch(ARGV[5], '[^,]+') do
    local i = tonumber(idx)
    if i < 0 or i >= rows * per then return {0, 'SEAT_UNKNOWN'} end
    if taken(i) then return {0, 'SEATS_UNAVAILABLE'} end
    picked[#picked + 1] = i
  end
else
  local q = tonumber(ARGV[5])
  local free = tonumber(redis.call('GET', KEYS[3]) or '0')
  if free < q then return {0, 'SOLD_OUT'} end
  for r = 0, rows - 1 do
    local run = 0
    local s = 0
    while s < per do
      local i = r * per + s
      if i % 8 == 0 and s + 8 <= per and string.byte(bits, i / 8 + 1) == 255 then
        run = 0
        s = s + 8
      else
        if taken(i) then
          run = 0
        else
          run = run + 1
          if run == q then
            for k = i - q + 1, i do picked[#picked + 1] = k end
            break
          end
        end
        s = s + 1
      end
    end
    if #picked > 0 then break end
  end
  if #picked == 0 then
    local i = 0
    while #picked < q and i < rows * per do
      if not taken(i) then picked[#picked + 1] = i end
      i = i + 1
    end
  end
  if #picked < q then return {0, 'SOLD_OUT'} end
end
local out = {1}
for _, i in ipairs(picked) do
  redis.call('SETBIT', KEYS[1], i, 1)
  redis.call('HSET', KEYS[2], i, booking)
  out[#out + 1] = i
end
redis.call('DECRBY', KEYS[3], #picked)
return out
`;
