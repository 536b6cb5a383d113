# Requantization vector CSVs (sim/requant), each broken in one place, on line 2 or 3.
set -e
H='acc,multiplier,shift,zero_point,qmin,qmax'
ok='100,1073741824,31,0,-128,127'
row() { printf '%s\n%s\n%s\n' "$H" "$ok" "$1" > "$2.csv"; }
row '100,1073741824,31,0,-128' too_few_columns
row '100,1073741824,31,0,-128,127,4,9' too_many_columns
row 'ten,1073741824,31,0,-128,127' acc_not_a_number
row '1099511627776000000000,1073741824,31,0,-128,127' acc_overflow
row '100,-5,31,0,-128,127' negative_multiplier
row '100,4294967296,31,0,-128,127' multiplier_overflow
row '100,1073741824,99,0,-128,127' shift_too_large
row '100,1073741824,-3,0,-128,127' shift_negative
row '100,1073741824,31,0,127,-128' qmin_above_qmax
row '100,1073741824,31,0,-128,127.5' fraction
row '100,,31,0,-128,127' empty_field
row '100 1073741824 31 0 -128 127' spaces
row '1e3,1073741824,31,0,-128,127' exponent
printf 'a,b,c,d,e,f\n%s\n' "$ok" > wrong_header.csv
printf '%s,lo_bits\n%s,40\n' "$H" "$ok" > lo_bits_too_large.csv
printf '%s,lo_bits\n%s,-1\n' "$H" "$ok" > lo_bits_negative.csv
printf '%s\n%s\n100,10\xff\xfe,31,0,-128,127\n' "$H" "$ok" > non_utf8.csv
printf '%s\n%s\n100,1073741824,31,\0,-128,127\n' "$H" "$ok" > nul_byte.csv
: > empty.csv
head -c 3000 /dev/urandom > binary.csv
/usr/bin/python3 -c "open('long_line.csv','w').write('$H\n' + '9' * 5000000)"
mkdir -p folder.csv
